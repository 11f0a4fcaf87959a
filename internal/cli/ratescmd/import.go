package ratescmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/txstream/txstream/internal/cli"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/rates"
)

// progressText is how an import reports: a line per thousand rates keeps
// a log readable.
var progressText = cli.ProgressText{Doing: "publishing rates", Done: "published %d of %d rates", Every: 1000}

// Import reads cfg.File and publishes its rates to the rates topic, where
// the rates processor keeps, per currency, the newest. The file is read
// and checked before any broker is contacted.
func Import(ctx context.Context, cfg Config) error {
	all, err := readRates(cfg.File, cfg.Stdin)
	if err != nil {
		return err
	}
	sc := cfg.streams()
	if err := streams.EnsureRatesTopic(sc); err != nil {
		return fmt.Errorf("rates topic on %v: %w", sc.Brokers, err)
	}
	em, err := rates.NewEmitter(sc)
	if err != nil {
		return err
	}
	progress, finish := cfg.Out.Progress(len(all), progressText)
	err = rates.Publish(ctx, em, all, progress)
	finish()
	if err = errors.Join(err, em.Finish()); err != nil {
		return err
	}
	first, last := dateRange(all)
	cfg.Log.Info("rates imported", "rates", len(all), "from", first, "to", last, "topic", sc.Topics.Rates, "brokers", sc.Brokers)
	return nil
}

package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/rates"
)

// ratesProgress is how rates import reports: a line per thousand rates
// keeps a log readable.
var ratesProgress = progressText{doing: "publishing rates", done: "published %d of %d rates", every: 1000}

// ratesImportCommand reads an ECB reference-rates file and publishes its
// rates to the rates topic, where the rates processor keeps, per currency,
// the newest.
func ratesImportCommand(ctx context.Context, args []string, io stdio) error {
	cfg, positional, err := loadConfig(cmdRatesImport, args, io)
	if err != nil {
		return err
	}
	if len(positional) != 1 {
		return usagef("rates import takes one FILE (or - for standard input), got %d arguments", len(positional))
	}
	log := newLogger(io.stderr, cfg.LogFormat, cfg.LogLevel)
	all, err := readRates(positional[0], io.stdin)
	if err != nil {
		return err
	}
	sc := cfg.streams()
	if err := streams.EnsureTopics(sc); err != nil {
		return fmt.Errorf("topics on %v: %w", sc.Brokers, err)
	}
	em, err := rates.NewEmitter(sc)
	if err != nil {
		return err
	}
	progress, finish := newProgress(io, len(all), ratesProgress)
	err = rates.Publish(ctx, em, all, progress)
	finish()
	if err = errors.Join(err, em.Finish()); err != nil {
		return err
	}
	first, last := dateRange(all)
	log.Info("rates imported", "rates", len(all), "from", first, "to", last, "topic", sc.Topics.Rates, "brokers", sc.Brokers)
	return nil
}

// readRates parses the file, or standard input for "-".
func readRates(name string, stdin io.Reader) ([]domain.Rate, error) {
	r := stdin
	source := rates.StdinSource
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, fmt.Errorf("rates file: %w", err)
		}
		defer f.Close()
		r, source = f, rates.FileSource(name)
	}
	now := time.Now()
	all, err := rates.ParseECB(r, source, now)
	if err == nil {
		err = notAhead(all, now)
	}
	if err != nil {
		return nil, fmt.Errorf("rates file %s: %w", name, err)
	}
	return all, nil
}

// notAhead refuses a file with a rate dated more than a day ahead of now:
// the rates processor would drop it (and only it), so the whole file is
// refused here instead, as for any other bad rate.
func notAhead(all []domain.Rate, now time.Time) error {
	for _, r := range all {
		if err := r.CheckNotAhead(now); err != nil {
			return fmt.Errorf("%s: %w", r.Currency, err)
		}
	}
	return nil
}

func dateRange(all []domain.Rate) (first, last string) {
	for _, r := range all {
		if first == "" || r.Date < first {
			first = r.Date
		}
		if r.Date > last {
			last = r.Date
		}
	}
	return first, last
}

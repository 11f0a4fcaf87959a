package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/rates"
)

// publishSample puts the sample rates on the rates topic, so that dev
// converts out of the box, and returns them. Publishing it again at every
// start changes nothing: the sample's rates never supersede themselves or
// newer ones.
func publishSample(ctx context.Context, sc streams.Config, log *slog.Logger) ([]domain.Rate, error) {
	sample, err := rates.Sample()
	if err != nil {
		return nil, err
	}
	em, err := rates.NewEmitter(sc, gokaEmitterOptions(log)...)
	if err != nil {
		return nil, err
	}
	err = rates.Publish(ctx, em, sample, nil)
	if err = errors.Join(err, em.Finish()); err != nil {
		return nil, fmt.Errorf("sample rates: %w", err)
	}
	log.Info("sample rates published", "rates", len(sample), "date", sample[len(sample)-1].Date, "source", rates.SampleSource)
	return sample, nil
}

// sampleLoaded makes dev ready only once the rates table holds a rate for
// every currency of the sample (its own or a newer one), so that the first
// conversion after the banner finds its rates.
func sampleLoaded(rm *ReadModel, sample []domain.Rate) Check {
	return Check{Name: "sample rates", Ready: func() bool {
		if rm.rates == nil || !rm.rates.Recovered() {
			return false
		}
		for _, r := range sample {
			got, err := rm.rates.Get(r.Currency)
			if err != nil || got == nil || got.Date < r.Date {
				return false
			}
		}
		return true
	}}
}

package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams/rates"
)

// publishSample puts the sample rates on the rates topic, so that dev
// converts out of the box. Publishing it again at every start changes
// nothing: the sample's rates never supersede themselves or newer ones.
func (p *process) publishSample(ctx context.Context) error {
	sample, err := rates.Sample()
	if err != nil {
		return err
	}
	em, err := rates.NewEmitter(p.sc, p.gokaEmitterOptions()...)
	if err != nil {
		return err
	}
	err = rates.Publish(ctx, em, sample, nil)
	if err = errors.Join(err, em.Finish()); err != nil {
		return fmt.Errorf("sample rates: %w", err)
	}
	p.sample = sample
	p.log.Info("sample rates published", "rates", len(sample), "date", sample[len(sample)-1].Date, "source", rates.SampleSource)
	return nil
}

// sampleLoaded makes dev ready only once the rates table holds a rate for
// every currency of the sample (its own or a newer one), so that the first
// conversion after the banner finds its rates.
func (p *process) sampleLoaded() readiness {
	return readiness{name: "sample rates", ready: func() bool {
		if p.tables.rates == nil || !p.tables.rates.Recovered() {
			return false
		}
		for _, r := range p.sample {
			got, err := p.tables.rates.Get(r.Currency)
			if err != nil || got == nil || !ratePresent(*got, r) {
				return false
			}
		}
		return true
	}}
}

func ratePresent(got, want domain.Rate) bool {
	return got.Date >= want.Date
}

package conversions

import (
	"fmt"
	"time"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/streams"
)

// Options are the processor's collaborators (streams.Hooks) and its
// policy; the zero value is ready to use.
type Options struct {
	streams.Hooks
	// MaxRateAge fails a conversion with domain.ReasonStaleRate when a
	// rate it needs is older (domain.CheckRateAge); 0 converts with rates
	// of any age.
	MaxRateAge time.Duration
	// View are goka options of the processor's view of the rates table
	// (a logger, a tester), after the view options of the config.
	View []goka.ViewOption
}

// WithDefaults fills what is nil.
func (o Options) WithDefaults() Options {
	o.Hooks = o.Hooks.WithDefaults()
	return o
}

// Validate reports an option that cannot work.
func (o Options) Validate() error {
	if o.MaxRateAge < 0 {
		return fmt.Errorf("%w: max rate age %s is negative", streams.ErrInvalidConfig, o.MaxRateAge)
	}
	return nil
}

package transactions

import (
	"time"

	"github.com/txstream/txstream/streams"
)

// Options are the processor's collaborators. The zero value is ready to use.
type Options struct {
	// Observer is told about every message; nil means streams.NopObserver.
	Observer streams.Observer
	// Clock stamps status changes (StatusChange.At, UpdatedAt); nil means
	// time.Now. It is called from the partition goroutines, so it must be
	// safe for concurrent use. Tests inject a fixed clock.
	Clock func() time.Time
}

func (o Options) withDefaults() Options {
	if o.Observer == nil {
		o.Observer = streams.NopObserver{}
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	return o
}

package conversions

import (
	"log/slog"
	"time"

	"github.com/txstream/txstream/streams"
)

// Options are the processor's collaborators. The zero value is ready to use.
type Options struct {
	// Observer is told about every message; nil means streams.NopObserver.
	Observer streams.Observer
	// Clock stamps ConvertedAt; nil means time.Now. Partition goroutines
	// call it, so it must be safe for concurrent use.
	Clock func() time.Time
	// Logger records dropped and conflicting requests; nil means
	// slog.Default().
	Logger *slog.Logger
}

func (o Options) withDefaults() Options {
	if o.Observer == nil {
		o.Observer = streams.NopObserver{}
	}
	if o.Clock == nil {
		o.Clock = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.Default()
	}
	return o
}

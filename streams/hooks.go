package streams

import (
	"log/slog"
	"time"
)

// Hooks are what every processor is handed besides its configuration. The
// zero value is ready to use.
type Hooks struct {
	// Observer is told about every message; nil means NopObserver.
	Observer Observer
	// Clock stamps status changes, conversions and rates that arrive
	// without a time; nil means time.Now. Partition goroutines call it
	// concurrently; tests inject a fixed clock.
	Clock func() time.Time
	// Logger records dropped, conflicting and out-of-order messages; nil
	// means slog.Default().
	Logger *slog.Logger
}

// WithDefaults fills what is nil.
func (h Hooks) WithDefaults() Hooks {
	if h.Observer == nil {
		h.Observer = NopObserver{}
	}
	if h.Clock == nil {
		h.Clock = time.Now
	}
	if h.Logger == nil {
		h.Logger = slog.Default()
	}
	return h
}

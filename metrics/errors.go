package metrics

import (
	"errors"

	"github.com/txstream/txstream/streams"
)

// ErrRegister is returned by the constructors when a family cannot be
// registered, most often because the registry already has a collector of
// the same name (a constructor called twice on one registry).
var ErrRegister = errors.New("metrics: register")

// ErrDuplicateSource is returned by Goka.AttachView when a view of that name
// is already attached; two sources of one name would export the same
// series twice and break every scrape.
var ErrDuplicateSource = errors.New("metrics: duplicate source")

// ErrNoOffset is streams.ErrNoOffset, returned by KafkaOffsets.Committed.
var ErrNoOffset = streams.ErrNoOffset

// ErrLabelValues is returned by the constructors and options that create a
// family's known series at zero when the values do not fit the family's
// labels: a mistake in this package, which its tests catch.
var ErrLabelValues = errors.New("metrics: label values")

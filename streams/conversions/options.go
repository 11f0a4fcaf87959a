package conversions

import "github.com/txstream/txstream/streams"

// Options are the processor's collaborators (streams.Hooks); the zero value
// is ready to use.
type Options = streams.Hooks

package main

import (
	"errors"

	"github.com/txstream/txstream/actors"
	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/statuslog"
)

// classify maps the errors of the actors, the producer (PUT /rates uses it
// directly) and the log index to the edge's catalog codes; "" leaves the
// edge's own rules. A write that may have been written is outcome_unknown
// and only one that surely was not is unavailable, so the unknown ones come
// first.
func classify(err error) edge.Code {
	codes := []struct {
		err  error
		code edge.Code
	}{
		{actors.ErrConflict, edge.CodeConflict},
		{actors.ErrOverloaded, edge.CodeOverloaded},
		{actors.ErrOutcomeUnknown, edge.CodeOutcomeUnknown},
		{streams.ErrOutcomeUnknown, edge.CodeOutcomeUnknown},
		{actors.ErrUnavailable, edge.CodeUnavailable},
		{streams.ErrNotWritten, edge.CodeUnavailable},
		{actors.ErrStopping, edge.CodeStopping},
		{actors.ErrActorFailed, edge.CodeInternal},
		{statuslog.ErrBadCursor, edge.CodeInvalidCursor},
		{statuslog.ErrBadQuery, edge.CodeInvalidQuery},
		{statuslog.ErrIndexClosed, edge.CodeStopping},
	}
	for _, c := range codes {
		if errors.Is(err, c.err) {
			return c.code
		}
	}
	return ""
}

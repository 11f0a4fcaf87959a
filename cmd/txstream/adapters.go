package main

import (
	"context"
	"errors"

	"github.com/txstream/txstream/actors"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/statuslog"
)

// gatewayAdapter is the edge's write side (edge.Transactions) over the
// actor gateway; edge may not import actors, so the two Submitted types
// meet here.
type gatewayAdapter struct{ g *actors.Gateway }

func (a gatewayAdapter) SubmitTransaction(ctx context.Context, ev domain.TransactionRequested) (edge.Submitted, error) {
	s, err := a.g.SubmitTransaction(ctx, ev)
	return edge.Submitted{Replayed: s.Replayed, Transaction: s.Transaction}, err
}

func (a gatewayAdapter) SubmitConversion(ctx context.Context, req domain.ConversionRequest) (edge.Submitted, error) {
	s, err := a.g.SubmitConversion(ctx, req)
	return edge.Submitted{Replayed: s.Replayed}, err
}

func (a gatewayAdapter) Wait(ctx context.Context, id string) (*domain.Transaction, error) {
	return a.g.Wait(ctx, id)
}

func (a gatewayAdapter) Pending(conversionID string) bool { return a.g.Pending(conversionID) }

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

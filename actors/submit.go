package actors

import (
	"context"
	"errors"
	"fmt"

	"github.com/txstream/txstream/domain"
)

// SubmitTransaction hands ev to the actor of ev.ID and returns once Kafka
// acknowledged it (Replayed false), or at once when the id was already
// accepted with the same fingerprint (Replayed true). Concurrent identical
// submits coalesce: the first to reach the actor produces, every later one is
// its replay, so one event is produced however many arrive. Errors:
// *ConflictError (ErrConflict), ErrOverloaded, ErrUnavailable (surely not
// written), ErrOutcomeUnknown (may be written), ErrActorFailed, ErrStopping,
// ErrInvalidRequest, or ctx's error when ctx ends first (the produce may
// still complete; a retry is then a replay).
func (g *Gateway) SubmitTransaction(ctx context.Context, ev domain.TransactionRequested) (domain.Submitted, error) {
	if ev.ID == "" || ev.Fingerprint == "" {
		return domain.Submitted{}, fmt.Errorf("%w: transaction without id or fingerprint", ErrInvalidRequest)
	}
	if err := g.admit(KindTransaction); err != nil {
		return domain.Submitted{}, err
	}
	req := g.requests.get(opSubmitTx)
	req.tx = ev
	return g.call(ctx, g.txs, ev.ID, req)
}

// SubmitConversion is SubmitTransaction for POST /convert: the actor is the
// one of the conversion id, apart from transaction ids.
func (g *Gateway) SubmitConversion(ctx context.Context, req domain.ConversionRequest) (domain.Submitted, error) {
	if req.ID == "" || req.Fingerprint == "" {
		return domain.Submitted{}, fmt.Errorf("%w: conversion without id or fingerprint", ErrInvalidRequest)
	}
	if err := g.admit(KindConversion); err != nil {
		return domain.Submitted{}, err
	}
	r := g.requests.get(opSubmitConv)
	r.conv = req
	return g.call(ctx, g.convs, req.ID, r)
}

// admit counts a submit in, or refuses it without queueing anything. The
// actor counts it out when it answers (or call does, if it was never sent).
func (g *Gateway) admit(kind Kind) error {
	if g.stopping.Load() {
		g.obs.Submitted(kind, OutcomeStopping)
		return ErrStopping
	}
	n := g.inflight.Add(1)
	if n > int64(g.cfg.MaxInFlight) {
		g.inflight.Add(-1)
		g.obs.Submitted(kind, OutcomeOverloaded)
		return ErrOverloaded
	}
	g.obs.InFlight(int(n))
	return nil
}

// release counts a submit out.
func (g *Gateway) release() { g.obs.InFlight(int(g.inflight.Add(-1))) }

// call sends req to id's actor and waits for its reply.
func (g *Gateway) call(ctx context.Context, reg *registry, id string, req *request) (domain.Submitted, error) {
	if _, err := reg.send(id, req, true); err != nil {
		g.release()
		g.requests.put(req)
		g.obs.Submitted(reg.kind, OutcomeStopping)
		return domain.Submitted{}, err
	}
	select {
	case r := <-req.reply:
		g.requests.put(req)
		g.obs.Submitted(reg.kind, outcome(r))
		return r.sub, r.err
	case <-ctx.Done():
		g.obs.Submitted(reg.kind, OutcomeCanceled)
		return domain.Submitted{}, fmt.Errorf("submit %s %s: %w", reg.kind, id, ctx.Err())
	case <-g.abort:
		g.obs.Submitted(reg.kind, OutcomeStopping)
		return domain.Submitted{}, ErrStopping
	}
}

func outcome(r reply) string {
	switch {
	case r.err == nil && r.sub.Replayed:
		return OutcomeReplayed
	case r.err == nil:
		return OutcomeAccepted
	case errors.Is(r.err, ErrConflict):
		return OutcomeConflict
	case errors.Is(r.err, ErrActorFailed):
		return OutcomeFailed
	case errors.Is(r.err, ErrStopping):
		return OutcomeStopping
	case errors.Is(r.err, ErrOutcomeUnknown):
		return OutcomeUnknown
	}
	return OutcomeUnavailable
}

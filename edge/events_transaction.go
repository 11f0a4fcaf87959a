package edge

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/segmentio/encoding/json"
	"github.com/txstream/txstream/domain"
	"github.com/valyala/fasthttp"
)

const routeTransactionEvents = "/transactions/{id}/events"

// transactionEvents streams the status changes of one transaction: every
// version after Last-Event-ID (all of them without it), each as the
// transaction was at that version, then the changes as they come, and
// ends after the terminal one. An id the table does not know yet is
// waited for up to WaitMax, as a long poll waits, and is 404 after that;
// a Last-Event-ID at or past a terminal version is 204, which tells an
// EventSource to stop reconnecting.
func (t *transactionService) transactionEvents(ctx *fasthttp.RequestCtx, id string) {
	if !plainIDRequest(ctx, id) {
		return
	}
	sent, err := lastVersion(ctx.Request.Header.Peek(headerLastEventID))
	if err != nil {
		writeError(ctx, err, 0)
		return
	}
	tx, err := t.firstState(id)
	switch {
	case err != nil:
		t.fail(ctx, routeTransactionEvents, err, CodeTablesUnavailable)
	case tx == nil:
		writeProblem(ctx, CodeTransactionNotFound, "id", "no transaction has this id", 0)
	case tx.Status.Terminal() && sent >= tx.Version:
		ctx.SetStatusCode(http.StatusNoContent)
	default:
		t.startStream(ctx, routeTransactionEvents, func(e *eventStream) error { return t.follow(e, tx, sent) })
	}
}

// lastVersion reads Last-Event-ID: the version the client has, 0 when
// it sends none.
func lastVersion(h []byte) (int64, error) {
	text := strings.TrimSpace(string(h))
	if text == "" {
		return 0, nil
	}
	v, err := strconv.ParseInt(text, 10, 64)
	if err != nil || v < 0 {
		return 0, requestError(CodeInvalidQuery, headerLastEventID, "must be a version number this stream sent")
	}
	return v, nil
}

// firstState reads the id from the table, and waits up to WaitMax for it
// to appear when it is unknown.
func (t *transactionService) firstState(id string) (*domain.Transaction, error) {
	tx, err := t.tables.Transaction(id)
	if err != nil || tx != nil {
		return tx, err
	}
	wctx, cancel := context.WithTimeout(t.soft, t.cfg.WaitMax)
	defer cancel()
	tx, err = t.txs.WaitNewer(wctx, id, 0)
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		err = nil
	}
	return tx, err
}

// follow sends the versions of tx after sent, then waits for newer ones
// through the actors' long poll, until the terminal version is reached
// (sent, or behind a Last-Event-ID that was ahead of it) or the server
// shuts down. Each wait lasts at most EventKeepAlive; one that ends
// without a change sends the keep-alive comment.
func (t *transactionService) follow(e *eventStream, tx *domain.Transaction, sent int64) error {
	for {
		if tx.Version > sent {
			if err := sendVersions(e, tx, sent); err != nil {
				return err
			}
			sent = tx.Version
		}
		if tx.Status.Terminal() {
			return nil
		}
		wctx, cancel := context.WithTimeout(t.soft, t.cfg.EventKeepAlive)
		next, err := t.txs.WaitNewer(wctx, tx.ID, sent)
		cancel()
		switch {
		case t.soft.Err() != nil:
			return nil
		case next != nil && (next.Version > sent || next.Status.Terminal()):
			tx = next
		case err != nil && !errors.Is(err, context.DeadlineExceeded):
			return err
		default:
			if err := e.keepAlive(); err != nil {
				return err
			}
		}
	}
}

// sendVersions sends one event per version of tx after sent: the versions
// that one table write skipped (received and completed at once) come
// from its history.
func sendVersions(e *eventStream, tx *domain.Transaction, sent int64) error {
	sentOne := false
	for i, h := range tx.History {
		if h.Version <= sent || h.Version > tx.Version {
			continue
		}
		if err := sendVersion(e, atVersion(tx, i)); err != nil {
			return err
		}
		sentOne = true
	}
	if !sentOne { // a record without its history: the record itself
		if err := sendVersion(e, tx); err != nil {
			return err
		}
	}
	return e.flush()
}

// atVersion is tx as it was at its i-th change: what GET answered then.
// Only the status, reason, version, update time and history moved; the
// conversion arrives with the terminal change, the last.
func atVersion(tx *domain.Transaction, i int) *domain.Transaction {
	h := tx.History[i]
	if h.Version == tx.Version {
		return tx
	}
	at := *tx
	at.Status, at.Reason, at.Version, at.UpdatedAt = h.Status, h.Reason, h.Version, h.At
	at.History = tx.History[: i+1 : i+1]
	at.Conversion = nil
	return &at
}

// sendVersion sends tx as GET /transactions/{id} answers it, with its
// version as the event's id.
func sendVersion(e *eventStream, tx *domain.Transaction) error {
	raw, err := json.Marshal(transactionAnswer{Transaction: tx})
	if err != nil {
		return err
	}
	return e.event(strconv.FormatInt(tx.Version, 10), raw)
}

// transactionAnswer is the body of GET /transactions/{id}.
type transactionAnswer struct {
	Transaction *domain.Transaction `json:"transaction"`
}

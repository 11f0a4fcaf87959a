package webhooks

import (
	"fmt"
	"strconv"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Headers of a webhook dead letter, beside the dead-letter format's own:
// which endpoint and message it was, and how many attempts were made.
const (
	HeaderEndpoint  = "txstream-webhook-endpoint"
	HeaderWebhookID = "txstream-webhook-id"
	HeaderAttempts  = "txstream-webhook-attempts"
)

// handler holds the group's callbacks; goka calls them for one key at a
// time, so a transaction's state is never written by two at once.
type handler struct {
	group, topic string
	deliveries   goka.Stream
	o            Options
	registry     *Registry
	dead         streams.DeadLetters
}

// changed turns the new status changes of a transactions-table record into
// messages for the endpoints that want them. The transactions processor's
// table guard dead-letters what no reader can use, and the status-log
// processor what decodes but is no transaction of its key; here such
// records are only counted and skipped, so that each reaches the
// dead-letter topic once.
func (h handler) changed(ctx goka.Context, msg any) {
	h.o.Observer.Processed(h.group, h.topic)
	tx, raw, ok := h.record(ctx, msg)
	if !ok {
		return
	}
	st, _ := ctx.Value().(*state)
	var since int64
	if st != nil {
		since = st.Version
	}
	if tx.Version <= since {
		h.o.Observer.Duplicate(h.group, h.topic)
		if tx.Version == since {
			// The kill -9 rule (DESIGN.md, "At-least-once in"): the
			// local store may hold a state the changelog never got.
			ctx.SetValue(st)
		}
		return
	}
	now := h.o.Clock().UTC()
	news, err := messages(tx, raw, since, h.registry.Subscribed, now)
	if err != nil {
		ctx.Fail(err)
	}
	if st == nil && len(news) == 0 {
		return // nothing to deliver and nothing recorded: no entry at all
	}
	if st == nil {
		st = &state{Schema: domain.SchemaVersion, ID: tx.ID}
	}
	st.Version = tx.Version
	// No deliveries record yet: the listing shows a message once its
	// first attempt is settled (a message's record rewrites its
	// endpoint's whole recent list, BENCHMARKS.md "Webhooks").
	st.Pending = append(st.Pending, news...)
	ctx.SetValue(st)
}

func (h handler) record(ctx goka.Context, msg any) (*domain.Transaction, []byte, bool) {
	raw, _ := msg.([]byte)
	if h.dead.Misplaced(ctx) != nil || msg == nil {
		h.o.Observer.Malformed(h.group, h.topic)
		return nil, nil, false
	}
	m, _ := (streams.Lenient[domain.Transaction]{}).Decode(raw)
	tx, ok := m.(*domain.Transaction)
	if !ok || tx.ID != ctx.Key() || domain.ValidateID(tx.ID) != nil {
		h.o.Observer.Malformed(h.group, h.topic)
		return nil, nil, false
	}
	return tx, raw, true
}

// settled applies an attempt's outcome from the loopback topic: the
// message is delivered, dropped, rescheduled, or dead-lettered after its
// last attempt. An outcome of another attempt than the message's next
// (read twice, or from a process that lost the partition meanwhile)
// changes nothing.
func (h handler) settled(ctx goka.Context, msg any) {
	h.o.Observer.Processed(h.group, string(ctx.Topic()))
	raw, ok := h.dead.Admit(ctx, msg)
	if !ok {
		return
	}
	m, _ := (streams.Lenient[outcome]{}).Decode(raw)
	out, ok := m.(*outcome)
	if !ok {
		h.dead.Refuse(ctx, m.(*streams.Malformed))
		h.o.Observer.Malformed(h.group, string(ctx.Topic()))
		return
	}
	st, _ := ctx.Value().(*state)
	i := -1
	if st != nil {
		i = st.find(out.Endpoint, out.WebhookID)
	}
	if i < 0 || st.Pending[i].Attempts != out.Attempt-1 {
		h.o.Observer.Duplicate(h.group, string(ctx.Topic()))
		return
	}
	switch {
	case out.Gone:
		h.drop(ctx, st, out.Endpoint)
	case out.Delivered:
		h.delivered(ctx, st, i, out)
	default:
		h.failed(ctx, st, i, out)
	}
	// The entry stays, with no message, once all are settled: its
	// version is what keeps a table record read again (a replay or a
	// conflict rewrites the record at its version) from making the
	// messages again.
	ctx.SetValue(st)
}

func (h handler) delivered(ctx goka.Context, st *state, i int, out *outcome) {
	m := st.Pending[i]
	m.Attempts, m.LastStatus, m.LastError = out.Attempt, out.Status, ""
	st.remove(i)
	ctx.Emit(h.deliveries, m.Endpoint, m.summary(st.ID, domain.DeliveryDelivered, out.At))
	h.o.Webhooks.Settled(OutcomeDelivered, out.At.Sub(m.ChangedAt))
}

func (h handler) failed(ctx goka.Context, st *state, i int, out *outcome) {
	m := &st.Pending[i]
	m.Attempts, m.LastStatus, m.LastError = out.Attempt, out.Status, out.Error
	if d, again := h.o.delay(m.Attempts); again {
		m.NextAt = out.At.Add(d)
		ctx.Emit(h.deliveries, m.Endpoint, m.summary(st.ID, domain.DeliveryPending, out.At))
		h.o.Webhooks.Settled(OutcomeRetried, 0)
		return
	}
	gone := *m
	st.remove(i)
	h.dead.SendWith(ctx, gone.Body, streams.ReasonWebhookFailed,
		fmt.Errorf("%d attempts failed, the last: %s", gone.Attempts, lastFailure(gone)),
		goka.Headers{HeaderEndpoint: []byte(gone.Endpoint), HeaderWebhookID: []byte(gone.WebhookID),
			HeaderAttempts: []byte(strconv.Itoa(gone.Attempts))})
	ctx.Emit(h.deliveries, gone.Endpoint, gone.summary(st.ID, domain.DeliveryFailed, out.At))
	h.o.Webhooks.Settled(OutcomeFailed, 0)
}

// drop removes every message of an endpoint that is no longer registered.
func (h handler) drop(ctx goka.Context, st *state, endpoint string) {
	kept := st.Pending[:0]
	for _, m := range st.Pending {
		if m.Endpoint == endpoint {
			h.o.Webhooks.Settled(OutcomeDropped, 0)
			continue
		}
		kept = append(kept, m)
	}
	st.Pending = kept
}

func lastFailure(m message) string {
	if m.LastError != "" {
		return m.LastError
	}
	return "status " + strconv.Itoa(m.LastStatus)
}

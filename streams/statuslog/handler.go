package statuslog

import (
	"fmt"

	"github.com/lovoo/goka"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// handler is the group's callback; goka calls it for one key at a time.
type handler struct {
	group, topic string
	o            Options
	dead         streams.DeadLetters
}

func (h handler) process(ctx goka.Context, msg any) {
	h.o.Observer.Processed(h.group, h.topic)
	raw, ok := h.dead.Admit(ctx, msg)
	if !ok {
		return
	}
	ev, ok := h.event(ctx, raw)
	if !ok {
		return
	}
	current, _ := ctx.Value().(*storedLog)
	next, result, err := current.apply(*ev)
	if err != nil {
		// The stored value cannot be read: as goka does when ctx.Value
		// cannot decode it, stop rather than overwrite the history.
		ctx.Fail(fmt.Errorf("status log of %q: %w", ctx.Key(), err))
	}
	h.report(ctx.Key(), ev, result)
	if next == nil && result == duplicate && ev.Version == current.lastVersion() {
		// goka updates the local store before the changelog record reaches
		// Kafka, so after a kill -9 the store may hold a log that no view
		// ever got. The input that made it is redelivered, and the repeat of
		// the last version writes it again; older repeats (a replayed
		// history) need not, since the last one follows them.
		next = current
	}
	if next != nil {
		ctx.SetValue(next)
	}
}

// event decodes the status event in raw, or dead-letters raw and reports
// why there is none.
func (h handler) event(ctx goka.Context, raw []byte) (*domain.StatusEvent, bool) {
	key := ctx.Key()
	switch m, _ := (streams.Lenient[domain.StatusEvent]{}).Decode(raw); m := m.(type) {
	case *streams.Malformed:
		h.dead.Refuse(ctx, m)
		h.malformed(key, m.Err)
		return nil, false
	case *domain.StatusEvent:
		if err := validate(key, m); err != nil {
			h.dead.Send(ctx, raw, streams.ReasonMalformed, err)
			h.malformed(key, err)
			return nil, false
		}
		if m.At.IsZero() {
			m.At = h.o.Clock().UTC()
		}
		return m, true
	default:
		// Lenient only ever yields the two types above.
		h.o.Observer.Malformed(h.group, h.topic)
		return nil, false
	}
}

func (h handler) malformed(key string, err error) {
	h.o.Observer.Malformed(h.group, h.topic)
	h.o.Logger.Warn("status event dropped", "group", h.group, "key", key, "err", err)
}

func (h handler) report(key string, ev *domain.StatusEvent, result outcome) {
	switch result {
	case duplicate:
		h.o.Observer.Duplicate(h.group, h.topic)
	case conflict:
		h.o.Observer.Conflict(h.group, h.topic)
		h.o.Logger.Warn("status event disagrees with the recorded version; kept the record",
			"group", h.group, "key", key, "version", ev.Version, "status", ev.Status)
	case filled:
		h.o.Logger.Warn("status event fills a gap in the log",
			"group", h.group, "key", key, "version", ev.Version)
	case gap:
		// Ordered delivery per key makes this a bug upstream; it is counted
		// with the malformed messages so that an alert on those sees it.
		h.o.Observer.Malformed(h.group, h.topic)
		h.o.Logger.Error("status event skips versions; recorded anyway",
			"group", h.group, "key", key, "version", ev.Version)
	}
}

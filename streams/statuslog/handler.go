package statuslog

import (
	"fmt"

	"github.com/lovoo/goka"
	"github.com/txstream/txstream/streams"
)

// handler is the group's callback; goka calls it for one key at a time.
type handler struct {
	group, topic string
	o            Options
	dead         streams.DeadLetters
}

// process folds a record of the transactions table into the log of its
// key: the history entries after the last recorded version are appended,
// on the stored bytes when both are laid out as the encoder writes them
// (storedLog.spliced), else on the decoded history.
func (h handler) process(ctx goka.Context, msg any) {
	h.o.Observer.Processed(h.group, h.topic)
	rec, ok := h.record(ctx, msg)
	if !ok {
		return
	}
	current, _ := ctx.Value().(*storedLog)
	last := current.lastVersion()
	next, result, ok := current.spliced(ctx.Key(), rec.History)
	if !ok {
		changes, valid := h.history(ctx, rec, msg.([]byte))
		if !valid {
			return
		}
		var err error
		if next, result, err = current.applyHistory(ctx.Key(), changes); err != nil {
			// The stored value cannot be read: as goka does when ctx.Value
			// cannot decode it, stop rather than overwrite the history.
			ctx.Fail(fmt.Errorf("status log of %q: %w", ctx.Key(), err))
		}
	}
	h.report(ctx.Key(), rec, result)
	if next == nil && result == duplicate && rec.Version == last {
		// goka updates the local store before the changelog record reaches
		// Kafka, so after a kill -9 the store may hold a log that no view
		// ever got. The table record that made it is redelivered, and a
		// record at the last version writes the log again; an older one
		// need not, since a record at the last version follows it.
		next = current
	}
	if next != nil {
		ctx.SetValue(next)
	}
}

func (h handler) report(key string, rec *record, result outcome) {
	switch result {
	case duplicate:
		h.o.Observer.Duplicate(h.group, h.topic)
	case conflict:
		h.o.Observer.Conflict(h.group, h.topic)
		h.o.Logger.Warn("table record disagrees with the recorded history; kept the record",
			"group", h.group, "key", key, "version", rec.Version)
	case filled:
		h.o.Logger.Warn("table record fills a gap in the log",
			"group", h.group, "key", key, "version", rec.Version)
	case gap:
		// The transactions processor's histories have every version, so
		// this is a foreign record; it is counted with the malformed ones so
		// that an alert on those sees it.
		h.o.Observer.Malformed(h.group, h.topic)
		h.o.Logger.Error("table record skips versions; recorded anyway",
			"group", h.group, "key", key, "version", rec.Version)
	}
}

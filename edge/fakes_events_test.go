package edge

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/txstream/txstream/domain"
)

// notifier is a channel closed at the next change, and replaced; its
// owner's mutex guards it.
type notifier struct{ ch chan struct{} }

func (n *notifier) wake() {
	if n.ch != nil {
		close(n.ch)
		n.ch = nil
	}
}

func (n *notifier) next() <-chan struct{} {
	if n.ch == nil {
		n.ch = make(chan struct{})
	}
	return n.ch
}

// txChanged returns a channel closed at the next putTransaction.
func (f *fakeTables) txChanged() <-chan struct{} {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.changed.next()
}

// WaitNewer waits for the fake table to show a version newer than after,
// as the actors' long poll does.
func (f *fakeTransactions) WaitNewer(ctx context.Context, id string, after int64) (*domain.Transaction, error) {
	f.waiting.Add(1)
	defer f.waiting.Add(-1)
	for {
		changed := f.tables.txChanged()
		tx, err := f.tables.Transaction(id)
		if err != nil {
			return nil, err
		}
		if tx != nil && (tx.Version > after || tx.Status.Terminal()) {
			return tx, nil
		}
		select {
		case <-changed:
		case <-ctx.Done():
			return tx, ctx.Err()
		}
	}
}

// fakeEventLog is the status log in arrival order: a cursor is "c" and
// the number of entries read.
type fakeEventLog struct {
	mu      sync.Mutex
	entries []domain.LogEntry
	changed notifier
}

func (l *fakeEventLog) add(es ...domain.LogEntry) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.entries = append(l.entries, es...)
	l.changed.wake()
}

func (l *fakeEventLog) Tail() (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return "c" + strconv.Itoa(len(l.entries)), nil
}

func (l *fakeEventLog) Changed() <-chan struct{} {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.changed.next()
}

func (l *fakeEventLog) Since(cursor string, status domain.Status, max int) (domain.LogChanges, error) {
	n := 0
	if cursor != "" {
		var err error
		rest, ok := strings.CutPrefix(cursor, "c")
		if n, err = strconv.Atoi(rest); !ok || err != nil || n < 0 {
			return domain.LogChanges{}, errBadCursor
		}
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if n > len(l.entries) {
		return domain.LogChanges{}, errBadCursor
	}
	var out domain.LogChanges
	for ; n < len(l.entries) && len(out.Changes) < max; n++ {
		if status == "" || l.entries[n].Status == status {
			out.Changes = append(out.Changes, domain.LogChange{Entry: l.entries[n], Cursor: "c" + strconv.Itoa(n+1)})
		}
	}
	out.Next = "c" + strconv.Itoa(n)
	return out, nil
}

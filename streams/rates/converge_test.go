package rates

import (
	"testing"

	"github.com/lovoo/goka"
)

// TestRepeatRewritesTable: goka writes the local table before the changelog
// record reaches Kafka, so after a kill -9 the local store can hold a rate
// that the changelog, and every conversion's lookup of it, never got. The
// redelivered rate must write the stored value again; an older rate must
// not.
func TestRepeatRewritesTable(t *testing.T) {
	tp := startTestProcessor(t)
	changelog := tp.tt.NewQueueTracker(string(goka.GroupTable(goka.Group(tp.cfg.Groups.Rates))))
	newer := rate("USD", "1.0705", "2024-06-28", t0)
	tp.consume("USD", newer)
	for {
		if _, _, ok := changelog.Next(); !ok {
			break
		}
	}

	tp.consume("USD", rate("USD", "1.06", "2024-06-27", t0))
	if _, v, ok := changelog.Next(); ok {
		t.Errorf("an older rate wrote %+v to the changelog", v)
	}
	tp.consume("USD", newer)
	if _, _, ok := changelog.Next(); !ok {
		t.Fatal("the redelivered rate wrote nothing to the changelog")
	}
	if got := tp.stored("USD"); got == nil || *got != newer {
		t.Errorf("stored %+v, want %+v", got, newer)
	}
}

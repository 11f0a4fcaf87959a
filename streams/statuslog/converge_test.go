package statuslog

import (
	"bytes"
	"testing"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
)

// TestRepeatOfLastVersionRewritesTable: goka writes the local table before
// the changelog record reaches Kafka, so after a kill -9 the local store can
// hold versions the changelog never got, and GET /transactions/{id}/log,
// which reads a view, never sees them. The redelivered table record of the
// last version must write the log again; an older record need not, since
// one of the last version follows it.
func TestRepeatOfLastVersionRewritesTable(t *testing.T) {
	tp := startTestProcessor(t)
	changelog := tp.tt.NewQueueTracker(string(goka.GroupTable(goka.Group(tp.cfg.Groups.StatusLog))))
	received := txRecord("tx-1", change(1, domain.StatusReceived, ""))
	completed := txRecord("tx-1", change(1, domain.StatusReceived, ""), change(2, domain.StatusCompleted, ""))
	tp.consume("tx-1", &received)
	tp.consume("tx-1", &completed)
	for {
		if _, _, ok := changelog.Next(); !ok {
			break
		}
	}

	tp.consume("tx-1", &received)
	if _, _, ok := changelog.Next(); ok {
		t.Error("a repeat of an older version rewrote the log; the last version's repeat is enough")
	}
	tp.consume("tx-1", &completed)

	_, v, ok := changelog.Next()
	if !ok {
		t.Fatal("the repeat of the last version wrote nothing to the changelog")
	}
	data, err := tableCodec{}.Encode(v)
	if err != nil {
		t.Fatal(err)
	}
	if want := []byte(`"version":2`); !bytes.Contains(data, want) {
		t.Errorf("changelog got %s, want the whole log up to version 2", data)
	}
}

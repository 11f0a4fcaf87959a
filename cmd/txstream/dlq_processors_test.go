package main

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestDLQOfTheProcessors, end to end on the dev stack: a transaction
// request produced to another partition than its id's (a client with
// another partitioner) changes nothing; the transactions processor
// dead-letters it; `txstream dlq list` shows it with its source and reason;
// `txstream dlq replay` puts it on its id's partition, where the
// processors take it as any other request: it completes, converted.
func TestDLQOfTheProcessors(t *testing.T) {
	skipShort(t)
	s := startStack(t)
	const id = "dlq-e2e-1"
	ev, err := domain.NewTransactionRequested(domain.TransactionInput{ID: id, Amount: "12.50", Currency: "EUR", TargetCurrency: "USD"}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	value, err := streams.JSON[domain.TransactionRequested]{}.Encode(ev)
	if err != nil {
		t.Fatal(err)
	}
	partitions := int32(s.app.Streams().Partitions)
	wrong := (streams.PartitionOf([]byte(id), partitions) + 1) % partitions
	testenv.ProduceAt(t, s.brokers, s.topics.Transactions, wrong, id, value)

	dlq := func(args ...string) (int, string, string) {
		return runTxstream(append(args, "--brokers", strings.Join(s.brokers, ","), "--topic-dead-letter", s.topics.DeadLetter)...)
	}
	var listed string
	testenv.Eventually(t, 30*time.Second, func() bool {
		code, out, _ := dlq("dlq", "list", "--json")
		listed = out
		return code == exitOK && strings.Contains(out, `"reason":"`+streams.ReasonWrongPartition+`"`)
	}, "txstream dlq list shows the wrong-partition record")
	for _, want := range []string{`"group":"` + s.app.Streams().Groups.Transactions + `"`, `"` + s.topics.Transactions + `"`, id} {
		if !strings.Contains(listed, want) {
			t.Errorf("dlq list lacks %s:\n%s", want, listed)
		}
	}
	if r, _ := s.transaction(t, id, ""); r.code != http.StatusNotFound {
		t.Errorf("GET of the dead-lettered id: %d, want 404", r.code)
	}

	if code, out, errOut := dlq("dlq", "replay", "--all"); code != exitOK {
		t.Fatalf("replay: exit %d\n%s%s", code, out, errOut)
	}
	tx := s.terminal(t, id)
	if tx.Status != domain.StatusCompleted || tx.Amount != "12.50" ||
		tx.Conversion == nil || tx.Conversion.To != "USD" || tx.Conversion.ConvertedValue == "" {
		t.Errorf("replayed transaction: %+v", tx)
	}
}

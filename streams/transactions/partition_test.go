package transactions_test

import (
	"bytes"
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/transactions"
)

// TestWrongPartitionChangesNothing is finding 2 of issue 12: a request
// produced to another partition than its key's (another client's
// partitioner, or an explicit partition) reached the processor of that
// partition, which found no transaction under the id and wrote a new one
// over the completed transaction in the table topic. It must change
// nothing.
func TestWrongPartitionChangesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a broker")
	}
	const partitions = 4
	cfg := testenv.StreamsConfig(t, partitions)
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	proc, err := transactions.New(cfg, transactions.Options{Logger: quiet})
	if err != nil {
		t.Fatal(err)
	}
	view, err := streams.NewTableView[domain.Transaction](cfg, cfg.Groups.Transactions, nil)
	if err != nil {
		t.Fatal(err)
	}
	testenv.Run(t, "processor", proc.Run)
	testenv.Run(t, "view", view.Run)
	testenv.Eventually(t, 60*time.Second, func() bool { return proc.Recovered() && view.Recovered() }, "recovered")

	const id = "tx-wrong-partition"
	home := streams.PartitionOf([]byte(id), partitions)
	testenv.ProduceAt(t, cfg.Brokers, cfg.Topics.Transactions, home, id, requested(t, id, "100.00"))
	original := waitFor(t, view, id, func(tx *domain.Transaction) bool { return tx.Status == domain.StatusCompleted })

	wrong := (home + 1) % partitions
	foreign := requested(t, id, "5.00")
	testenv.ProduceAt(t, cfg.Brokers, cfg.Topics.Transactions, wrong, id, foreign, kgo.RecordHeader{Key: "trace", Value: []byte("abc")})
	// A marker that belongs on the wrong partition, produced after the
	// foreign record: once it is in the table, that record was handled.
	marker := keyOn(t, wrong, partitions)
	testenv.ProduceAt(t, cfg.Brokers, cfg.Topics.Transactions, wrong, marker, requested(t, marker, "1.00"))
	waitFor(t, view, marker, func(*domain.Transaction) bool { return true })

	got, err := view.Get(id)
	if err != nil || got == nil {
		t.Fatalf("get %s: %v, %v", id, got, err)
	}
	if got.Amount != original.Amount || got.Version != original.Version || got.Status != original.Status {
		t.Errorf("after a request on partition %d (home %d): %s %s v%d, want the original %s %s v%d",
			wrong, home, got.Status, got.Amount, got.Version, original.Status, original.Amount, original.Version)
	}
	letters := testenv.ConsumeUntil(t, cfg.Brokers, cfg.Topics.DeadLetter, 30*time.Second,
		func(recs []*kgo.Record) bool { return len(recs) > 0 })
	checkDeadLetter(t, letters[0], id, foreign, map[string]string{
		streams.HeaderDLQTopic: cfg.Topics.Transactions, streams.HeaderDLQPartition: strconv.Itoa(int(wrong)),
		streams.HeaderDLQGroup: cfg.Groups.Transactions, streams.HeaderDLQReason: string(streams.ReasonWrongPartition),
		"trace": "abc",
	})
}

// checkDeadLetter checks a dead letter's key, value and headers against
// the record it stands for.
func checkDeadLetter(t *testing.T, rec *kgo.Record, key string, value []byte, headers map[string]string) {
	t.Helper()
	if string(rec.Key) != key || !bytes.Equal(rec.Value, value) {
		t.Errorf("dead letter %q = %q, want %q = %q", rec.Key, rec.Value, key, value)
	}
	for k, want := range headers {
		if got := string(testenv.Header(rec, k)); got != want {
			t.Errorf("dead letter header %s = %q, want %q", k, got, want)
		}
	}
	if _, err := strconv.ParseInt(string(testenv.Header(rec, streams.HeaderDLQOffset)), 10, 64); err != nil {
		t.Errorf("dead letter offset header: %v", err)
	}
	if _, err := time.Parse(time.RFC3339, string(testenv.Header(rec, streams.HeaderDLQAt))); err != nil {
		t.Errorf("dead letter time header: %v", err)
	}
	if len(testenv.Header(rec, streams.HeaderDLQError)) == 0 {
		t.Error("dead letter without an error detail")
	}
}

func requested(t *testing.T, id, amount string) []byte {
	t.Helper()
	ev := valid(t, id, amount, "EUR", "")
	data, err := streams.JSON[domain.TransactionRequested]{}.Encode(&ev)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// keyOn returns a transaction id that Kafka's partitioner puts on partition.
func keyOn(t *testing.T, partition, partitions int32) string {
	t.Helper()
	for i := range 1000 {
		key := fmt.Sprintf("tx-marker-%d", i)
		if streams.PartitionOf([]byte(key), partitions) == partition {
			return key
		}
	}
	t.Fatalf("no key on partition %d", partition)
	return ""
}

func waitFor(t *testing.T, view *streams.TableView[domain.Transaction], id string, ok func(*domain.Transaction) bool) domain.Transaction {
	t.Helper()
	var got *domain.Transaction
	testenv.Eventually(t, 30*time.Second, func() bool {
		got, _ = view.Get(id)
		return got != nil && ok(got)
	}, "transaction %s", id)
	return *got
}

package dlq

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestReadStopsAtTransactionMarkers: a partition written in a transaction
// ends with a commit marker, a control record no consumer is given by
// default; Read must still see that it reached the end.
func TestReadStopsAtTransactionMarkers(t *testing.T) {
	brokers := testenv.EmbeddedKafka(t).Brokers
	topic := testenv.Name(t, "dead-letter-topic")
	w, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.TransactionalID(topic),
		kgo.DefaultProduceTopic(topic), kgo.AllowAutoTopicCreation())
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := w.BeginTransaction(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		if err := w.ProduceSync(ctx, letterRecord(0, 0, fullHeaders())).FirstErr(); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.EndTransaction(ctx, kgo.TryCommit); err != nil {
		t.Fatal(err)
	}

	cl, err := kgo.NewClient(ClientOptions(streams.Config{Brokers: brokers, ClientID: "test"}, topic)...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	log, err := Read(ctx, cl, topic)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	if len(log.Letters) != 2 || log.Letters[1].Problem != "" {
		t.Fatalf("read %+v, want 2 dead letters", log.Letters)
	}
	if _, err := Read(ctx, cl, "absent"); !errors.Is(err, ErrNoTopic) {
		t.Errorf("absent topic: %v, want ErrNoTopic", err)
	}
}

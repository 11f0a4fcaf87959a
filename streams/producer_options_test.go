package streams_test

import (
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams"
)

// TestProducerOptionsAreDurable: the edge's kgo producer is idempotent with
// acks from all in-sync replicas, retries a failed record, and keeps within
// the five requests in flight per broker that Kafka's idempotence keeps in
// order: what makes a 201 survive a broker's death without duplicates.
func TestProducerOptionsAreDurable(t *testing.T) {
	cl, err := kgo.NewClient(streams.ProducerOptions(streams.DefaultConfig())...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if got := cl.OptValue(kgo.RequiredAcks); got != kgo.AllISRAcks() {
		t.Errorf("acks %v, want all in-sync replicas", got)
	}
	if cl.OptValue(kgo.DisableIdempotentWrite).(bool) {
		t.Error("idempotent writes disabled")
	}
	if n := cl.OptValue(kgo.MaxProduceRequestsInflightPerBroker).(int); n < 1 || n > 5 {
		t.Errorf("%d produce requests in flight per broker, want 1 to 5 (idempotence)", n)
	}
	if n := cl.OptValue(kgo.RecordRetries).(int64); n < 1 {
		t.Errorf("record retries %d, want at least 1", n)
	}
}

package streams_test

import (
	"testing"
	"time"

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

// TestRetriesOutlastALeaderElection: the processors' writes keep retrying
// for longer than a killed leader takes to be replaced (the broker's
// session timeout, 9 s by default, and the election), while the edge's
// records still give up within the produce timeout.
func TestRetriesOutlastALeaderElection(t *testing.T) {
	cfg := streams.DefaultConfig()
	p := cfg.Sarama().Producer
	var total time.Duration
	for i := 1; i <= p.Retry.Max; i++ {
		total += p.Retry.BackoffFunc(i, p.Retry.Max)
	}
	if total < 15*time.Second {
		t.Errorf("the processors' writes retry for %s, less than a leader election after a crash", total)
	}
	cl, err := kgo.NewClient(streams.ProducerOptions(cfg)...)
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	if got := cl.OptValue(kgo.RecordDeliveryTimeout).(time.Duration); got != max(cfg.ProduceTimeout, time.Second) {
		t.Errorf("the edge's records are bounded by %v, want the produce timeout %v", got, cfg.ProduceTimeout)
	}
}

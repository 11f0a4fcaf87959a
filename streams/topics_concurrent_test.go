package streams_test

import (
	"sync"
	"testing"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestEnsureTopicsConcurrently: processes that start together on a new
// cluster all create the same topics; every one of them must succeed,
// whichever wins the race to create each topic.
func TestEnsureTopicsConcurrently(t *testing.T) {
	cfg := streams.DefaultConfig()
	cfg.Brokers = testenv.Kafka(t)
	cfg.Partitions = 3
	cfg.Topics = streams.Topics{
		Transactions: testenv.Name(t, "tx"), Conversions: testenv.Name(t, "conv"),
		ConversionResults: testenv.Name(t, "results"),
		Rates:             testenv.Name(t, "rates"), DeadLetter: testenv.Name(t, "dead-letters"),
		Webhooks: testenv.Name(t, "webhooks"), WebhookDeliveries: testenv.Name(t, "deliveries"),
	}
	const processes = 6
	errs := make([]error, processes)
	var wg sync.WaitGroup
	for i := range processes {
		wg.Go(func() { errs[i] = streams.EnsureTopics(cfg) })
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("process %d: %v", i, err)
		}
	}
}

package streams_test

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestRatesTopicPartitionsFailsWhenTheBrokersDo: a rates topic that exists
// with 5 partitions, on brokers that stop answering metadata once the
// client is connected, is an error, not RatesPartitions: the processors
// would take a count that is not the topic's and refuse its rates as on
// another partition than their key's.
func TestRatesTopicPartitionsFailsWhenTheBrokersDo(t *testing.T) {
	c, err := kfake.NewCluster(kfake.NumBrokers(1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.Close)
	cfg := testenv.NamedStreamsConfig(t, c.ListenAddrs(), 3)
	cfg.RatesPartitions = 1
	if _, err := testenv.Admin(t, cfg).CreateTopic(t.Context(), 5, 1, nil, cfg.Topics.Rates); err != nil {
		t.Fatal(err)
	}
	if n, err := streams.RatesTopicPartitions(cfg); n != 5 || err != nil {
		t.Fatalf("RatesTopicPartitions = %d, %v on answering brokers; want the topic's 5", n, err)
	}
	var seen atomic.Int64
	c.ControlKey(int16(kmsg.Metadata), func(kmsg.Request) (kmsg.Response, error, bool) {
		c.KeepControl()
		if seen.Add(1) == 1 { // the client's connection
			return nil, nil, false
		}
		return nil, errors.New("broker down"), true // closes the connection
	})
	n, err := streams.RatesTopicPartitions(cfg)
	if err == nil {
		t.Fatalf("RatesTopicPartitions = %d, nil on brokers that do not answer; want an error (the topic has 5)", n)
	}
	if seen.Load() < 2 {
		t.Errorf("%d metadata requests: the test did not make the brokers fail the lookup", seen.Load())
	}
}

package metrics

import (
	"errors"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"
)

// populateKafkaClient registers the kgo client's families through a
// client that never connects (its seed refuses) and calls each hook once,
// failures included, as the client would.
func populateKafkaClient(t *testing.T, reg prometheus.Registerer) {
	t.Helper()
	m := NewKafkaClient(reg)
	cl, err := kgo.NewClient(kgo.SeedBrokers("127.0.0.1:1"), kgo.WithHooks(m))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(cl.Close)
	broker := kgo.BrokerMetadata{NodeID: 1, Host: "127.0.0.1", Port: 9092}
	failed := errors.New("refused")
	m.OnBrokerConnect(broker, time.Millisecond, nil, nil)
	m.OnBrokerConnect(broker, time.Millisecond, nil, failed)
	m.OnBrokerE2E(broker, 0, kgo.BrokerE2E{BytesWritten: 100, BytesRead: 50, WriteWait: time.Microsecond,
		TimeToWrite: time.Microsecond, ReadWait: time.Microsecond, TimeToRead: time.Microsecond})
	m.OnBrokerE2E(broker, 0, kgo.BrokerE2E{WriteErr: failed})
	m.OnBrokerE2E(broker, 0, kgo.BrokerE2E{BytesWritten: 100, ReadErr: failed})
	m.OnBrokerThrottle(broker, time.Millisecond, false)
	m.OnProduceBatchWritten(broker, "transaction-topic", 0, kgo.ProduceBatchMetrics{NumRecords: 1, UncompressedBytes: 245, CompressedBytes: 245})
	m.OnBrokerDisconnect(broker, nil)
}

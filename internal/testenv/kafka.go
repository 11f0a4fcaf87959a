package testenv

import (
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/txstream/txstream/internal/embedded"
)

// Kafka returns brokers for the test: those in KAFKA_BROKERS when set, else a
// fresh embedded broker closed when the test ends. Tests that share a real
// broker must keep to their own topic names (see Name).
func Kafka(t testing.TB) []string {
	t.Helper()
	if env := os.Getenv("KAFKA_BROKERS"); env != "" {
		return strings.Split(env, ",")
	}
	return EmbeddedKafka(t).Brokers
}

// EmbeddedKafka starts an embedded broker even when KAFKA_BROKERS is set,
// for tests that inject faults or stop the broker.
func EmbeddedKafka(t testing.TB) *embedded.Kafka {
	t.Helper()
	k, err := embedded.StartKafka(embedded.KafkaConfig{})
	if err != nil {
		t.Fatalf("start embedded kafka: %v", err)
	}
	t.Cleanup(k.Close)
	return k
}

// RealKafka reports whether the tests run against brokers from KAFKA_BROKERS.
func RealKafka() bool { return os.Getenv("KAFKA_BROKERS") != "" }

var nameSeq atomic.Int64

// Name returns a topic or group name unique to this run, so that tests on a
// shared broker never see each other's records.
func Name(t testing.TB, base string) string {
	return fmt.Sprintf("%s-%d-%d", base, time.Now().UnixNano(), nameSeq.Add(1))
}

// ReplicatedKafka returns brokers on which a topic can have three replicas:
// those of KAFKA_BROKERS when KAFKA_NODES (kafka.sh up --brokers 3) says
// there are three or more, else an embedded cluster of three brokers.
func ReplicatedKafka(t testing.TB) []string {
	t.Helper()
	if n, _ := strconv.Atoi(os.Getenv("KAFKA_NODES")); n >= 3 && RealKafka() {
		return strings.Split(os.Getenv("KAFKA_BROKERS"), ",")
	}
	c, err := kfake.NewCluster(kfake.NumBrokers(3), kfake.AllowAutoTopicCreation())
	if err != nil {
		t.Fatalf("start three embedded brokers: %v", err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

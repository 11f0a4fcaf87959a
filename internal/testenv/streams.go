package testenv

import (
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams"
)

// StreamsConfig returns a streams configuration on the test's brokers
// (Kafka), with topic and group names of the test's own (so that tests can
// share a real broker) and group timeouts short enough for a quick join.
// It creates the stream topics.
func StreamsConfig(t testing.TB, partitions int) streams.Config {
	t.Helper()
	return streamsConfig(t, Kafka(t), streams.Security{}, partitions)
}

func streamsConfig(t testing.TB, brokers []string, sec streams.Security, partitions int) streams.Config {
	t.Helper()
	cfg := NamedStreamsConfig(t, brokers, partitions)
	cfg.Security = sec
	if err := streams.EnsureTopics(cfg); err != nil {
		t.Fatalf("ensure topics: %v", err)
	}
	return cfg
}

// NamedStreamsConfig is StreamsConfig on brokers before any topic is
// created, for tests that change the topic settings first.
func NamedStreamsConfig(t testing.TB, brokers []string, partitions int) streams.Config {
	t.Helper()
	cfg := streams.DefaultConfig()
	cfg.Brokers = brokers
	cfg.Partitions = partitions
	cfg.ClientID = Name(t, "txstream-test")
	cfg.Topics = streams.Topics{
		Transactions:      Name(t, "transaction-topic"),
		Conversions:       Name(t, "conversion-topic"),
		ConversionResults: Name(t, "conversion-result-topic"),
		Rates:             Name(t, "rates-topic"),
		DeadLetter:        Name(t, "dead-letter-topic"),
		Webhooks:          Name(t, "webhook-endpoints"),
		WebhookDeliveries: Name(t, "webhook-delivery-topic"),
	}
	cfg.Groups = streams.Groups{
		Transactions:      Name(t, "transactions"),
		Conversions:       Name(t, "conversions"),
		StatusLog:         Name(t, "status-log"),
		Rates:             Name(t, "rates"),
		Webhooks:          Name(t, "webhooks"),
		WebhookDeliveries: Name(t, "webhook-deliveries"),
	}
	cfg.SessionTimeout = 3 * time.Second
	cfg.HeartbeatInterval = 300 * time.Millisecond
	cfg.RebalanceTimeout = 3 * time.Second
	return cfg
}

// Admin is a kadm client on cfg's brokers, with cfg's login, closed when
// the test ends.
func Admin(t testing.TB, cfg streams.Config) *kadm.Client {
	t.Helper()
	cl, err := kgo.NewClient(streams.ClientOptions(cfg)...)
	if err != nil {
		t.Fatalf("kafka client: %v", err)
	}
	t.Cleanup(cl.Close)
	return kadm.NewClient(cl)
}

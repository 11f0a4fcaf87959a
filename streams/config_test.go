package streams

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/IBM/sarama"
)

func TestDefaultConfigKeepsTheSeedsTopicNames(t *testing.T) {
	cfg := DefaultConfig()
	if cfg.Topics.Transactions != "transaction-topic" || cfg.Topics.Conversions != "conversion-topic" {
		t.Fatalf("topics %+v, want the seed's transaction-topic and conversion-topic", cfg.Topics)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("default config invalid: %v", err)
	}
}

func TestValidateNamesTheSetting(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Config)
		want   string
	}{
		{"no brokers", func(c *Config) { c.Brokers = nil }, "brokers"},
		{"no partitions", func(c *Config) { c.Partitions = 0 }, "partitions"},
		{"no replication", func(c *Config) { c.Replication = 0 }, "replication"},
		{"min insync over replication", func(c *Config) { c.Replication, c.MinInsyncReplicas = 2, 3 }, "min insync replicas"},
		{"negative min insync", func(c *Config) { c.MinInsyncReplicas = -1 }, "min insync replicas"},
		{"heartbeat over session", func(c *Config) { c.HeartbeatInterval = c.SessionTimeout }, "session timeout"},
		{"no produce timeout", func(c *Config) { c.ProduceTimeout = 0 }, "produce timeout"},
		{"fetch min bytes zero", func(c *Config) { c.FetchMinBytes = 0 }, "fetch min bytes"},
		{"fetch wait under a millisecond", func(c *Config) { c.FetchMaxWait = time.Microsecond }, "fetch max wait"},
		{"empty topic", func(c *Config) { c.Topics.ConversionResults = "" }, "conversion results topic"},
		{"one name twice", func(c *Config) { c.Topics.Rates = c.Topics.ConversionResults }, `"conversion-result-topic"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tc.change(&cfg)
			err := cfg.Validate()
			if !errors.Is(err, ErrInvalidConfig) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Validate() = %v, want ErrInvalidConfig naming %q", err, tc.want)
			}
		})
	}
}

func TestSaramaIsDurableAndStartsAtTheOldest(t *testing.T) {
	cfg := DefaultConfig()
	cfg.ProduceTimeout = 3 * time.Second
	sc := cfg.Sarama()
	// sarama's idempotent producer needs acks from all, one request open
	// per broker and at least one retry (sarama's Validate says so too).
	if sc.Producer.RequiredAcks != sarama.WaitForAll || !sc.Producer.Idempotent || sc.Net.MaxOpenRequests != 1 || sc.Producer.Retry.Max < 1 {
		t.Errorf("producer acks=%v idempotent=%v max open=%d retries=%d; want all, true, 1, at least 1",
			sc.Producer.RequiredAcks, sc.Producer.Idempotent, sc.Net.MaxOpenRequests, sc.Producer.Retry.Max)
	}
	if sc.Consumer.Offsets.Initial != sarama.OffsetOldest {
		t.Errorf("a new group starts at %d, want the oldest offset", sc.Consumer.Offsets.Initial)
	}
	if err := sc.Validate(); err != nil {
		t.Errorf("sarama refuses the config: %v", err)
	}
}

// TestSaramaFetchesAsConfigured: by default a fetch returns with the first
// record (sarama's and Kafka's defaults); the fetch settings reach every
// consumer's configuration.
func TestSaramaFetchesAsConfigured(t *testing.T) {
	cfg := DefaultConfig()
	if sc := cfg.Sarama(); sc.Consumer.Fetch.Min != 1 || sc.Consumer.MaxWaitTime != 500*time.Millisecond {
		t.Errorf("default fetch min %d wait %s, want 1 and 500ms", sc.Consumer.Fetch.Min, sc.Consumer.MaxWaitTime)
	}
	cfg.FetchMinBytes, cfg.FetchMaxWait = 16<<10, 5*time.Millisecond
	sc := cfg.Sarama()
	if sc.Consumer.Fetch.Min != 16<<10 || sc.Consumer.MaxWaitTime != 5*time.Millisecond {
		t.Errorf("fetch min %d wait %s, want 16384 and 5ms", sc.Consumer.Fetch.Min, sc.Consumer.MaxWaitTime)
	}
	if err := sc.Validate(); err != nil {
		t.Errorf("sarama refuses the config: %v", err)
	}
}

// TestMinISR: an explicit min.insync.replicas wins; unset, three replicas
// or more get two, so that a write survives one broker down and an
// acknowledged record the loss of one; fewer leave the broker's default.
func TestMinISR(t *testing.T) {
	cases := []struct{ replication, set, want int }{
		{1, 0, 0}, {2, 0, 0}, {3, 0, 2}, {5, 0, 2}, {3, 3, 3}, {2, 1, 1},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("replication %d, set %d", tc.replication, tc.set), func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Replication, cfg.MinInsyncReplicas = tc.replication, tc.set
			if got := cfg.MinISR(); got != tc.want {
				t.Errorf("MinISR() = %d, want %d", got, tc.want)
			}
			if err := cfg.Validate(); err != nil {
				t.Errorf("Validate() = %v", err)
			}
		})
	}
}

package streams_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestSecuredClientsLogIn runs every kind of client txstream builds
// against a broker that speaks TLS only and requires a login: goka's
// topic manager (sarama) creates the topics, the producer (kgo) writes,
// KafkaOffsets (sarama) reads the end offset back.
func TestSecuredClientsLogIn(t *testing.T) {
	for _, m := range []streams.SASLMechanism{streams.SASLScramSHA512, streams.SASLScramSHA256, streams.SASLPlain} {
		t.Run(string(m), func(t *testing.T) {
			cfg := testenv.NewSASLKafka(t, m, "right-"+string(m)).StreamsConfig(t, 2)
			prod := newProducer(t, cfg)
			if err := prod.ProduceTransaction(context.Background(), requested(t, "tx-1")); err != nil {
				t.Fatalf("produce: %v", err)
			}
			offsets, err := streams.NewKafkaOffsets(cfg.Brokers, cfg.Sarama())
			if err != nil {
				t.Fatalf("offsets: %v", err)
			}
			defer offsets.Close()
			var total int64
			for part := range int32(cfg.Partitions) {
				hwm, err := offsets.HighWaterMark(cfg.Topics.Transactions, part)
				if err != nil {
					t.Fatalf("high watermark: %v", err)
				}
				total += hwm
			}
			if total != 1 {
				t.Fatalf("%d records on %s, want the one produced", total, cfg.Topics.Transactions)
			}
		})
	}
}

// TestSecuredBrokerRefusesStrangers: a client with a wrong password,
// another mechanism, no login or no TLS gets an error from the producer
// (kgo) and from the topic manager (sarama) within a deadline, never a
// hang, and the error does not show the password.
func TestSecuredBrokerRefusesStrangers(t *testing.T) {
	k := testenv.NewSASLKafka(t, streams.SASLScramSHA512, "the-right-one")
	good, p, login := k.StreamsConfig(t, 1), k.PKI, k.Login

	wrong := login
	wrong.Password = "a-wrong-one"
	other := login
	other.Mechanism = streams.SASLScramSHA256
	for _, tc := range []struct {
		name string
		sec  streams.Security
	}{
		{"wrong password", streams.Security{TLS: p.TrustOnly(), SASL: wrong}},
		{"another mechanism", streams.Security{TLS: p.TrustOnly(), SASL: other}},
		{"no login", streams.Security{TLS: p.TrustOnly()}},
		{"no TLS", streams.Security{SASL: login}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good
			cfg.Security = tc.sec
			cfg.ProduceTimeout = 3 * time.Second
			refused(t, "producer", func() error {
				prod, err := streams.NewProducer(cfg)
				if err == nil {
					_ = prod.Close()
				}
				return err
			})
			refused(t, "topic manager", func() error { return streams.EnsureTopics(cfg) })
		})
	}
}

// refused runs fn, which must fail within a deadline without showing a
// password.
func refused(t *testing.T, what string, fn func() error) {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- fn() }()
	select {
	case err := <-done:
		if err == nil {
			t.Fatalf("%s: logged in, want a refusal", what)
		}
		if strings.Contains(err.Error(), "the-right-one") || strings.Contains(err.Error(), "a-wrong-one") {
			t.Fatalf("%s: the error shows a password: %v", what, err)
		}
		t.Logf("%s: %v", what, err)
	case <-time.After(45 * time.Second):
		t.Fatalf("%s: no answer within 45s", what)
	}
}

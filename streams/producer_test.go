package streams_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/embedded"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestProducerWritesWhatTheEmitterWrote: the producer's records are the
// ones goka's emitter wrote before it: for every key the same partition and
// the same bytes, and every topic gets its own records.
func TestProducerWritesWhatTheEmitterWrote(t *testing.T) {
	const partitions, n = 10, 200
	cfg := testenv.StreamsConfig(t, partitions)
	emitted := testenv.Name(t, "emitter-topic")
	ensureStream(t, cfg, emitted, partitions)
	p := newProducer(t, cfg)
	em, err := goka.NewEmitter(cfg.Brokers, goka.Stream(emitted), streams.JSON[domain.TransactionRequested]{}, cfg.EmitterOptions()...)
	if err != nil {
		t.Fatal(err)
	}
	defer em.Finish()
	ctx := context.Background()
	for i := range n {
		ev := requested(t, fmt.Sprintf("tx-%d", i))
		if err := p.ProduceTransaction(ctx, ev); err != nil {
			t.Fatal(err)
		}
		if err := em.EmitSync(ev.ID, &ev); err != nil {
			t.Fatal(err)
		}
	}
	conv := domain.ConversionRequest{Schema: 1, ID: "conv-1", Amount: "1.00", From: "EUR", To: "USD", Fingerprint: "f"}
	rate := domain.Rate{Schema: 1, Currency: "USD", Base: "EUR", Rate: "1.0705", Date: "2026-11-24", Source: "test"}
	if err := errors.Join(p.ProduceConversion(ctx, conv), p.SetRate(ctx, rate)); err != nil {
		t.Fatal(err)
	}
	got := consume(t, cfg.Brokers, 2*n+2, cfg.Topics.Transactions, emitted, cfg.Topics.Conversions, cfg.Topics.Rates)
	for i := range n {
		key := fmt.Sprintf("tx-%d", i)
		ours, theirs := got[cfg.Topics.Transactions][key], got[emitted][key]
		if ours.Partition != theirs.Partition || string(ours.Value) != string(theirs.Value) {
			t.Fatalf("%s: partition %d %s, the emitter wrote partition %d %s", key, ours.Partition, ours.Value, theirs.Partition, theirs.Value)
		}
	}
	if r, ok := got[cfg.Topics.Conversions]["conv-1"]; !ok || !decodes[domain.ConversionRequest](t, r.Value, conv) {
		t.Errorf("conversion topic: %+v", got[cfg.Topics.Conversions])
	}
	if r, ok := got[cfg.Topics.Rates]["USD"]; !ok || !decodes[domain.Rate](t, r.Value, rate) {
		t.Errorf("rates topic: %+v", got[cfg.Topics.Rates])
	}
}

// TestProducerFailsFastWhenRefused: brokers that answer every produce with
// a retriable error fail the call after the configured retries, well before
// the produce timeout, with the brokers' error, as not written; once they
// accept again the next record is acknowledged.
func TestProducerFailsFastWhenRefused(t *testing.T) {
	k, cfg := embeddedTopics(t, nil)
	p := newProducer(t, cfg)
	f := k.Cluster.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: cfg.Topics.Transactions, Err: kerr.NotEnoughReplicas, Count: -1})
	start := time.Now()
	err := p.ProduceTransaction(context.Background(), requested(t, "refused"))
	elapsed := time.Since(start)
	f.Remove()
	if !errors.Is(err, kerr.NotEnoughReplicas) || !errors.Is(err, streams.ErrNotWritten) || elapsed >= cfg.ProduceTimeout {
		t.Fatalf("after %s: %v, want NOT_ENOUGH_REPLICAS, not written, before %s", elapsed, err, cfg.ProduceTimeout)
	}
	if err := p.ProduceTransaction(context.Background(), requested(t, "refused")); err != nil {
		t.Fatalf("after the brokers accept again: %v", err)
	}
}

// TestProducerBoundsWaits: with the broker holding every produce, a call
// returns soon after its context's deadline, its outcome unknown (the
// record is on the wire), and Close at the produce timeout.
func TestProducerBoundsWaits(t *testing.T) {
	k, cfg := embeddedTopics(t, func(c *streams.Config) { c.ProduceTimeout = time.Second })
	p, err := streams.NewProducer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	release := holdKey(t, k.Cluster, kmsg.Produce)
	defer release()
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	err = p.ProduceTransaction(ctx, requested(t, "held"))
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, streams.ErrOutcomeUnknown) || time.Since(start) > 2*time.Second {
		t.Fatalf("after %s: %v, want the deadline, outcome unknown", time.Since(start), err)
	}
	start = time.Now()
	err = p.Close()
	if elapsed := time.Since(start); err == nil || elapsed > cfg.ProduceTimeout+2*time.Second {
		t.Fatalf("Close after %s: %v, want a flush error within %s", elapsed, err, cfg.ProduceTimeout)
	}
}

// TestProducerNotWritten: records the brokers never got, or refused, fail
// as not written (a 503 at the edge), each with its cause.
func TestProducerNotWritten(t *testing.T) {
	k, cfg := embeddedTopics(t, nil)
	t.Run("refused for good", func(t *testing.T) {
		p := newProducer(t, cfg)
		f := k.Cluster.Fault(kfake.Fault{Keys: []kmsg.Key{kmsg.Produce}, Topic: cfg.Topics.Transactions, Err: kerr.TopicAuthorizationFailed, Count: -1})
		defer f.Remove()
		err := p.ProduceTransaction(context.Background(), requested(t, "denied"))
		if !errors.Is(err, kerr.TopicAuthorizationFailed) || !errors.Is(err, streams.ErrNotWritten) || errors.Is(err, streams.ErrOutcomeUnknown) {
			t.Fatalf("%v, want TOPIC_AUTHORIZATION_FAILED, not written", err)
		}
	})
	t.Run("never sent", func(t *testing.T) {
		// A new producer has no producer id yet: holding InitProducerID
		// keeps its first record buffered, never on the wire.
		p := newProducer(t, cfg)
		release := holdKey(t, k.Cluster, kmsg.InitProducerID)
		defer release()
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		err := p.ProduceTransaction(ctx, requested(t, "buffered"))
		var pe *streams.ProduceError
		if !errors.As(err, &pe) || pe.Unknown || pe.Topic != cfg.Topics.Transactions || pe.Key != "buffered" {
			t.Fatalf("%v, want not written", err)
		}
	})
}

// TestProducerErrors: a closed producer and unreachable brokers fail with
// errors that say so.
func TestProducerErrors(t *testing.T) {
	t.Run("closed", func(t *testing.T) {
		cfg := testenv.StreamsConfig(t, 1)
		p, err := streams.NewProducer(cfg)
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Close(); err != nil {
			t.Fatal(err)
		}
		if err := p.SetRate(context.Background(), domain.Rate{Currency: "USD"}); !errors.Is(err, kgo.ErrClientClosed) {
			t.Fatalf("produce after Close: %v", err)
		}
	})
	t.Run("no broker", func(t *testing.T) {
		cfg := streams.DefaultConfig()
		cfg.Brokers, cfg.ProduceTimeout = []string{fmt.Sprintf("127.0.0.1:%d", testenv.FreePort(t))}, time.Second
		if p, err := streams.NewProducer(cfg); err == nil {
			_ = p.Close()
			t.Fatal("a producer without a broker")
		}
	})
}

// embeddedTopics starts an embedded broker with the stream topics of a
// config of 3 partitions, which adjust changes first (nil: none).
func embeddedTopics(t *testing.T, adjust func(*streams.Config)) (*embedded.Kafka, streams.Config) {
	t.Helper()
	k := testenv.EmbeddedKafka(t)
	cfg := testenv.StreamsConfig(t, 3)
	cfg.Brokers = k.Brokers
	if adjust != nil {
		adjust(&cfg)
	}
	if err := streams.EnsureTopics(cfg); err != nil {
		t.Fatal(err)
	}
	return k, cfg
}

func newProducer(t *testing.T, cfg streams.Config) *streams.Producer {
	t.Helper()
	p, err := streams.NewProducer(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := p.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
	})
	return p
}

func requested(t *testing.T, id string) domain.TransactionRequested {
	t.Helper()
	ev, err := domain.NewTransactionRequested(domain.TransactionInput{ID: id, Amount: "12.50", Currency: "EUR", TargetCurrency: "USD"},
		time.Date(2026, 11, 24, 12, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func ensureStream(t *testing.T, cfg streams.Config, topic string, partitions int) {
	t.Helper()
	tm, err := goka.NewTopicManager(cfg.Brokers, cfg.Sarama(), cfg.TopicManager())
	if err != nil {
		t.Fatal(err)
	}
	defer tm.Close()
	if err := tm.EnsureStreamExists(topic, partitions); err != nil {
		t.Fatal(err)
	}
}

// consume reads topics from the start until n records came, by topic and
// key.
func consume(t *testing.T, brokers []string, n int, topics ...string) map[string]map[string]*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ConsumeTopics(topics...),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	got, count := map[string]map[string]*kgo.Record{}, 0
	for count < n && ctx.Err() == nil {
		cl.PollFetches(ctx).EachRecord(func(r *kgo.Record) {
			if got[r.Topic] == nil {
				got[r.Topic] = map[string]*kgo.Record{}
			}
			got[r.Topic][string(r.Key)] = r
			count++
		})
	}
	if count < n {
		t.Fatalf("consumed %d of %d records", count, n)
	}
	return got
}

func decodes[T comparable](t *testing.T, data []byte, want T) bool {
	t.Helper()
	v, err := streams.JSON[T]{}.Decode(data)
	if err != nil {
		t.Errorf("decode %s: %v", data, err)
		return false
	}
	return *v.(*T) == want
}

// holdKey makes the broker hold every request of key until release;
// the control function stays because it never handles a request.
func holdKey(t *testing.T, c *kfake.Cluster, key kmsg.Key) (release func()) {
	t.Helper()
	gate := make(chan struct{})
	var once sync.Once
	release = func() { once.Do(func() { close(gate) }) }
	t.Cleanup(release)
	c.ControlKey(int16(key), func(kmsg.Request) (kmsg.Response, error, bool) {
		c.SleepControl(func() { <-gate })
		return nil, nil, false
	})
	return release
}

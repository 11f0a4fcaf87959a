package webhooks

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/poll"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// benchRecord is a transactions-table record of a plain transaction as
// the transactions processor writes it: received and completed in one
// write, version 2.
func benchRecord(b *testing.B, id string, at time.Time) []byte {
	tx := domain.Transaction{Schema: domain.SchemaVersion, ID: id, Amount: "10.00", Currency: "EUR", Fingerprint: "fp-" + id,
		Status: domain.StatusCompleted, Version: 2, CreatedAt: at, UpdatedAt: at,
		History: []domain.StatusChange{{Version: 1, Status: domain.StatusReceived, At: at}, {Version: 2, Status: domain.StatusCompleted, At: at}}}
	raw, err := (streams.JSON[domain.Transaction]{}).Encode(tx)
	if err != nil {
		b.Fatal(err)
	}
	return raw
}

// BenchmarkHandlerChanged is the webhooks callback on one table record
// (two status changes) over goka's codecs without goka, Kafka or LevelDB:
// with no endpoint registered (what every transaction costs the group),
// and with one subscribed to every type (two messages made, stored, and
// two pending states emitted to the deliveries topic).
func BenchmarkHandlerChanged(b *testing.B) {
	for _, endpoints := range []int{0, 1} {
		b.Run(fmt.Sprintf("endpoints=%d", endpoints), func(b *testing.B) {
			cfg := streams.DefaultConfig()
			cfg.Partitions = 1
			reg := &Registry{all: map[string]*domain.WebhookEndpoint{}, changed: make(chan struct{})}
			for i := range endpoints {
				id := fmt.Sprintf("ep_%d", i)
				reg.all[id] = &domain.WebhookEndpoint{ID: id, URL: "https://example.com/", Events: domain.EventTypes, Secret: domain.NewWebhookSecret()}
			}
			o := testOptions().withDefaults()
			h := handler{group: cfg.Groups.Webhooks, topic: string(streams.Table(cfg.Groups.Transactions)),
				deliveries: "webhook-delivery-topic", o: o, registry: reg,
				dead: streams.NewDeadLetters(cfg, cfg.Groups.Webhooks, 1, domain.ValidateID, o.Hooks)}
			ctx := testenv.NewGokaContext(b, Graph(cfg, h))
			records := make([][]byte, 1024)
			for i := range records {
				records[i] = benchRecord(b, fmt.Sprintf("tx-%d", i), time.Now().UTC())
			}
			testenv.Measure(b, func(i int) {
				ctx.Deliver(h.topic, fmt.Sprintf("tx-%d", i%1024), records[i%1024], h.changed)
				if i%1024 == 1023 {
					ctx = testenv.NewGokaContext(b, Graph(cfg, h)) // the next round's records are new again
				}
			})
		})
	}
}

// BenchmarkAttempt is one delivery attempt of the dispatcher: the
// signature, the POST to a real local receiver over a kept-alive
// connection, the answer read.
func BenchmarkAttempt(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
	}))
	defer srv.Close()
	o := testOptions().withDefaults()
	d := newDispatcher(o, nil, NewGuard(true).Client(o.Timeout, o.PerEndpoint))
	ep := &domain.WebhookEndpoint{ID: "ep_1", URL: srv.URL, Events: domain.EventTypes, Secret: domain.NewWebhookSecret()}
	at := time.Now().UTC()
	msgs, err := messages(&domain.Transaction{ID: "tx-1", History: []domain.StatusChange{{Version: 1, Status: domain.StatusCompleted, At: at}}},
		benchRecord(b, "tx-1", at), 0, func(domain.EventType) []*domain.WebhookEndpoint { return []*domain.WebhookEndpoint{ep} }, at)
	if err != nil || len(msgs) != 1 {
		b.Fatal(err)
	}
	testenv.Measure(b, func(int) {
		if status, _, err := d.send(context.Background(), ep, msgs[0]); err != nil || status != http.StatusOK {
			b.Fatal(status, err)
		}
	})
}

// processedCounter counts the transactions-table records the webhooks
// group has processed.
type processedCounter struct {
	streams.NopObserver
	table string
	n     atomic.Int64
}

func (c *processedCounter) Processed(_, topic string) {
	if topic == c.table {
		c.n.Add(1)
	}
}

// BenchmarkDelivery is the whole delivery path on the embedded broker, per
// transaction (one table record, two status changes): the webhooks group
// consuming the table, and with an endpoint, two messages stored, two
// signed POSTs to a real local receiver, two outcomes through the loopback
// topic, the deliveries group's updates. cpu-ns/op is the process's CPU
// (broker included) per transaction; the endpoint's extra over "none" is
// the cost of delivery. Records are written at once, as fast as the
// producer goes, and the op ends when every one is processed (none) or
// delivered (one endpoint).
func BenchmarkDelivery(b *testing.B) {
	for _, endpoints := range []int{0, 1} {
		b.Run(fmt.Sprintf("endpoints=%d", endpoints), func(b *testing.B) {
			o := testOptions()
			o.Workers, o.PerEndpoint = DefaultOptions().Workers, DefaultOptions().PerEndpoint
			counter := &processedCounter{}
			o.Hooks.Observer = counter
			f := newFixture(b, o)
			counter.table = string(streams.Table(f.cfg.Groups.Transactions))
			rc := newReceiver(b, nil)
			if endpoints > 0 {
				f.register(rc.srv.URL)
			}
			at := time.Now().UTC()
			records := make([]*kgo.Record, b.N)
			for i := range records {
				id := fmt.Sprintf("tx-%d", i)
				records[i] = &kgo.Record{Topic: counter.table, Key: []byte(id), Value: benchRecord(b, id, at)}
			}
			done := func() bool {
				if endpoints == 0 {
					return counter.n.Load() >= int64(b.N)
				}
				return len(rc.requests()) >= 2*b.N
			}
			testenv.Measure(b, func(i int) {
				f.writer.Produce(context.Background(), records[i], nil)
				if i == b.N-1 {
					if err := poll.Within(5*time.Minute, 5*time.Millisecond, poll.Holds(done)); err != nil {
						b.Fatalf("not done: %d processed, %d requests", counter.n.Load(), len(rc.requests()))
					}
				}
			})
		})
	}
}

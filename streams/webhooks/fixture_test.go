package webhooks

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// received is one request the receiver got.
type received struct {
	header http.Header
	body   []byte
	at     time.Time
}

// receiver is a real HTTP server that records every request and answers
// with what answer says (200 when nil).
type receiver struct {
	srv    *httptest.Server
	mu     sync.Mutex
	got    []received
	answer func(n int, r *http.Request) int // n: 0 for the first request
}

func newReceiver(t testing.TB, answer func(n int, r *http.Request) int) *receiver {
	rc := &receiver{answer: answer}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		rc.mu.Lock()
		n := len(rc.got)
		rc.got = append(rc.got, received{header: r.Header.Clone(), body: body, at: time.Now()})
		rc.mu.Unlock()
		status := http.StatusOK
		if rc.answer != nil {
			status = rc.answer(n, r)
		}
		w.WriteHeader(status)
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) requests() []received {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]received(nil), rc.got...)
}

// fixture is the webhooks group and the deliveries group on a broker, with
// a registrar as the manager service has one, and a producer that writes
// transactions-table records as the transactions processor would.
type fixture struct {
	t         testing.TB
	cfg       streams.Config
	registrar *Registrar
	proc      *Processor
	writer    *kgo.Client
	deliver   *streams.TableView[DeliveryLog]
	stop      func() // stops the running webhooks processor
}

// fastRetries keep the tests short: four attempts in all.
var fastRetries = []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 300 * time.Millisecond}

func testOptions() Options {
	return Options{Retries: fastRetries, Timeout: 2 * time.Second, Workers: 8, PerEndpoint: 2, AllowPrivate: true}
}

func newFixture(t testing.TB, o Options) *fixture {
	t.Helper()
	return newFixtureOn(t, testenv.StreamsConfig(t, 2), o)
}

// newFixtureOn is newFixture on cfg.
func newFixtureOn(t testing.TB, cfg streams.Config, o Options) *fixture {
	t.Helper()
	if err := streams.EnsureTables(cfg, cfg.Groups.Transactions, cfg.Groups.WebhookDeliveries); err != nil {
		t.Fatal(err)
	}
	if err := streams.EnsureWebhookTopics(cfg); err != nil {
		t.Fatal(err)
	}
	f := &fixture{t: t, cfg: cfg}
	registry, err := NewRegistry(cfg, "view/webhooks")
	if err != nil {
		t.Fatal(err)
	}
	testenv.Run(t, "registry", registry.Run)
	if f.registrar, err = NewRegistrar(cfg, registry, NewGuard(true), time.Hour, nil); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = f.registrar.Close() })
	if f.writer, err = kgo.NewClient(streams.ProducerOptions(cfg)...); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(f.writer.Close)
	f.start(o)
	deliveries, err := NewDeliveries(cfg, streams.Hooks{})
	if err != nil {
		t.Fatal(err)
	}
	testenv.Run(t, "deliveries processor", deliveries.Run)
	if f.deliver, err = streams.NewTableView[DeliveryLog](cfg, cfg.Groups.WebhookDeliveries, nil); err != nil {
		t.Fatal(err)
	}
	testenv.Run(t, "deliveries view", f.deliver.Run)
	testenv.Eventually(t, 60*time.Second, func() bool {
		return registry.Recovered() && f.proc.Recovered() && deliveries.Recovered() && f.deliver.Recovered()
	}, "the webhooks processors and views to recover")
	return f
}

// start runs a webhooks processor with o, stopped when the test ends (or
// by the returned function).
func (f *fixture) start(o Options) func() {
	f.t.Helper()
	p, err := New(f.cfg, o)
	if err != nil {
		f.t.Fatal(err)
	}
	f.proc = p
	f.stop = testenv.RunWithin(f.t, "webhooks processor", 30*time.Second, p.Run)
	return f.stop
}

// register registers an endpoint for every event type and waits until the
// processor's own registry has it.
func (f *fixture) register(url string, events ...domain.EventType) *domain.WebhookEndpoint {
	f.t.Helper()
	if len(events) == 0 {
		events = domain.EventTypes
	}
	ep, err := f.registrar.Register(context.Background(), domain.WebhookRequest{URL: url, Events: events})
	if err != nil {
		f.t.Fatal(err)
	}
	testenv.Eventually(f.t, 10*time.Second, func() bool { return f.proc.registry.Get(ep.ID) != nil },
		"the processor's registry to show %s", ep.ID)
	return ep
}

// write puts the transaction id at version v (statuses: its history up to
// v) on the transactions table, as the transactions processor would.
func (f *fixture) write(id string, statuses ...domain.Status) {
	f.t.Helper()
	tx := domain.Transaction{Schema: domain.SchemaVersion, ID: id, Amount: "10.00", Currency: "EUR",
		Fingerprint: "fp-" + id, CreatedAt: time.Now().UTC()}
	for i, s := range statuses {
		tx.History = append(tx.History, domain.StatusChange{Version: int64(i + 1), Status: s, At: time.Now().UTC()})
	}
	tx.Version, tx.Status, tx.UpdatedAt = int64(len(statuses)), statuses[len(statuses)-1], time.Now().UTC()
	value, err := (streams.JSON[domain.Transaction]{}).Encode(tx)
	if err != nil {
		f.t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	rec := &kgo.Record{Topic: string(streams.Table(f.cfg.Groups.Transactions)), Key: []byte(id), Value: value}
	if err := f.writer.ProduceSync(ctx, rec).FirstErr(); err != nil {
		f.t.Fatal(err)
	}
}

// deliveries is the listing of endpoint as the deliveries table has it.
func (f *fixture) deliveries(endpoint string) []domain.WebhookDelivery {
	log, err := f.deliver.Get(endpoint)
	if err != nil || log == nil {
		return nil
	}
	return log.Recent
}

// pendingNow is the messages the dispatcher holds, for tests.
func (d *Dispatcher) pendingNow() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.pending
}

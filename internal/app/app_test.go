package app

import (
	"context"
	"encoding/json"
	"errors"
	"maps"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// testConfig is a process of roles against brokers and redis, on random
// loopback ports, with quick consumer groups. Against a shared real
// broker (KAFKA_BROKERS) its topics and groups have names of their own.
func testConfig(t *testing.T, roles Roles, brokers []string, redis string) Config {
	t.Helper()
	sc := streams.DefaultConfig()
	c := Config{
		Roles: roles, Brokers: brokers, Redis: redis,
		TransactionAddr: "127.0.0.1:0", ConverterAddr: "127.0.0.1:0", ManagerAddr: "127.0.0.1:0", MetricsAddr: "127.0.0.1:0",
		Topics: sc.Topics, Groups: sc.Groups, Partitions: 2, RatesPartitions: 1, Replication: 1, ClientID: "txstream-app-test",
		SessionTimeout: 3 * time.Second, HeartbeatInterval: 300 * time.Millisecond, RebalanceTimeout: 3 * time.Second,
		ProduceTimeout: 2 * time.Second, ShutdownTimeout: 20 * time.Second, LongPollMax: 5 * time.Second, ActorIdle: time.Minute,
		MaxInFlight: 100, MaxLongPolls: 100, MaxBodyBytes: 64 << 10, FetchMinBytes: sc.FetchMinBytes, FetchMaxWait: sc.FetchMaxWait,
	}
	if testenv.RealKafka() {
		c.Topics = streams.Topics{Transactions: testenv.Name(t, "tx"), Conversions: testenv.Name(t, "conv"), ConversionResults: testenv.Name(t, "results"),
			Rates: testenv.Name(t, "rates"), DeadLetter: testenv.Name(t, "dlq"),
			Webhooks: testenv.Name(t, "hooks"), WebhookDeliveries: testenv.Name(t, "hook-deliveries")}
		c.Groups = streams.Groups{Transactions: testenv.Name(t, "g-tx"), Conversions: testenv.Name(t, "g-conv"), StatusLog: testenv.Name(t, "g-log"), Rates: testenv.Name(t, "g-rates"),
			Webhooks: testenv.Name(t, "g-hooks"), WebhookDeliveries: testenv.Name(t, "g-hook-deliveries")}
	}
	return c
}

// start runs a until the test ends, and checks that it stops cleanly.
func start(t *testing.T, a *App) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("stopped with: %v", err)
			}
		case <-time.After(30 * time.Second):
			t.Errorf("still running 30s after cancel")
		}
	})
}

// names lists the components of each stage that has any.
func names(a *App) map[string][]string {
	got := map[string][]string{}
	for stage, cs := range a.components {
		for _, c := range cs {
			got[stage] = append(got[stage], c.Name)
		}
	}
	return got
}

// TestBuildGraphPerRoleSet: each role set builds its parts and no others,
// in their shutdown stages, waits for its own views and processors, and
// binds only its own addresses.
func TestBuildGraphPerRoleSet(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a broker")
	}
	brokers, redis := testenv.Kafka(t), testenv.Redis(t)
	tests := []struct {
		roles  Roles
		checks []string
		stages map[string][]string
		addrs  func(Addresses) bool
	}{
		{
			roles:  Roles{RoleProcessor},
			checks: []string{"processors"},
			stages: map[string][]string{
				stageFront: {"readiness watcher", "metrics server"}, stageBack: {"processors"}, stageBackends: {"offsets client"},
			},
			addrs: func(a Addresses) bool {
				return a.Metrics != "" && a.Transaction == "" && a.Converter == "" && a.Manager == ""
			},
		},
		{
			roles:  Roles{RoleTransaction},
			checks: []string{"transactions view", "conversions view"},
			stages: map[string][]string{
				stageFront: {"readiness watcher", "Transaction Service", "metrics server"}, stageActors: {"actors"}, stageProducer: {"producer flush"},
				stageBack: {"transactions view", "conversions view", "view consumer"}, stageCache: {"cache refresher"},
				stageBackends: {"view consumer", "redis client", "offsets client"},
			},
			addrs: func(a Addresses) bool { return a.Transaction != "" && a.Converter == "" && a.Manager == "" },
		},
		{
			roles:  Roles{RoleConverter},
			checks: []string{"transactions view", "conversions view", "rates view"},
			stages: map[string][]string{
				stageFront: {"readiness watcher", "Value Converter Service", "metrics server"}, stageActors: {"actors"}, stageProducer: {"producer flush"},
				stageBack: {"transactions view", "conversions view", "rates view", "view consumer"}, stageBackends: {"view consumer", "offsets client"},
			},
			addrs: func(a Addresses) bool { return a.Transaction == "" && a.Converter != "" && a.Manager == "" },
		},
		{
			roles:  Roles{RoleManager},
			checks: []string{"status-log index", "webhooks view", "webhook deliveries view"},
			stages: map[string][]string{
				stageFront: {"readiness watcher", "Transaction Manager Service", "metrics server", "console sampler"}, stageProducer: {"webhooks producer"},
				stageBack: {"status-log index", "webhooks view", "webhook deliveries view", "view consumer"}, stageBackends: {"view consumer", "offsets client"},
			},
			addrs: func(a Addresses) bool { return a.Transaction == "" && a.Converter == "" && a.Manager != "" },
		},
		{
			roles:  AllRoles(),
			checks: []string{"processors", "transactions view", "conversions view", "rates view", "status-log index", "webhooks view", "webhook deliveries view"},
			stages: map[string][]string{
				stageFront:  {"readiness watcher", "Transaction Service", "Value Converter Service", "Transaction Manager Service", "metrics server", "console sampler"},
				stageActors: {"actors"}, stageProducer: {"producer flush", "webhooks producer"},
				stageBack: {"processors", "transactions view", "conversions view", "rates view", "status-log index",
					"webhooks view", "webhook deliveries view", "view consumer"},
				stageCache: {"cache refresher"}, stageBackends: {"view consumer", "redis client", "offsets client"},
			},
			addrs: func(a Addresses) bool {
				return a.Transaction != "" && a.Converter != "" && a.Manager != "" && a.Metrics != ""
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.roles.String(), func(t *testing.T) {
			a, err := New(context.Background(), ModeServe, testConfig(t, tt.roles, brokers, redis), Options{Log: discard()})
			if err != nil {
				t.Fatal(err)
			}
			start(t, a)
			var checks []string
			for _, c := range a.ready.checks {
				checks = append(checks, c.Name)
			}
			if !slices.Equal(checks, tt.checks) {
				t.Errorf("readiness waits for %v, want %v", checks, tt.checks)
			}
			if got := names(a); !mapsEqual(got, tt.stages) {
				t.Errorf("components by stage %v, want %v", got, tt.stages)
			}
			if !tt.addrs(a.Addresses()) {
				t.Errorf("bound %+v", a.Addresses())
			}
		})
	}
}

func mapsEqual(a, b map[string][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !slices.Equal(v, b[k]) {
			return false
		}
	}
	return true
}

// TestBusyAddressFailsFirst: an address that cannot be bound fails New
// before anything else is created: no topic is on the broker afterwards.
func TestBusyAddressFailsFirst(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a broker")
	}
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	k := testenv.EmbeddedKafka(t)
	c := testConfig(t, AllRoles(), k.Brokers, testenv.Redis(t))
	c.ConverterAddr = busy.Addr().String()
	_, err = New(context.Background(), ModeServe, c, Options{Log: discard()})
	var le *ListenError
	if !errors.As(err, &le) || le.Listener != ListenConverter {
		t.Fatalf("New = %v, want a ListenError for the converter", err)
	}
	if want := "listen " + busy.Addr().String() + ": address already in use"; err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if topics := testenv.Topics(t, k.Brokers); len(topics) > 0 {
		t.Errorf("topics created before the bind failed: %v", topics)
	}
	// The addresses bound before the busy one were let go.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
}

// TestEveryReadyzAgrees: the three services' /readyz, the process
// address's /readyz and txstream_ready give one answer at every moment.
// A held check keeps the process unready while its views recover (where
// the services once answered 200 and the process address 503); released,
// all four answer 200 together.
func TestEveryReadyzAgrees(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a broker")
	}
	var release atomic.Bool
	hold := Check{Name: "test hold", Ready: release.Load}
	readied := make(chan Addresses, 2)
	onReady := func(a Addresses) error { readied <- a; return nil }
	file := filepath.Join(t.TempDir(), "addresses.json")
	a, err := New(context.Background(), ModeDev, testConfig(t, nil, nil, ""), Options{Log: discard(), Checks: []Check{hold}, OnReady: onReady, AddressesFile: file})
	if err != nil {
		t.Fatal(err)
	}
	start(t, a)
	sample := func(want int) {
		t.Helper()
		if got := readyAnswers(t, a.Addresses()); !allEqual(got, want) {
			t.Fatalf("answers %v at one moment (not ready: %v), want all %d", got, a.NotReady(), want)
		}
	}
	// Until everything but the hold has recovered, and a while after.
	deadline := time.Now().Add(60 * time.Second)
	for !slices.Equal(a.NotReady(), []string{"test hold"}) {
		sample(http.StatusServiceUnavailable)
		if time.Now().After(deadline) {
			t.Fatalf("not recovered after 60s: %v", a.NotReady())
		}
	}
	for range 10 {
		sample(http.StatusServiceUnavailable)
	}
	if _, err := os.Stat(file); len(readied) > 0 || err == nil {
		t.Fatalf("announced before the process was ready (OnReady: %d, addresses file: %v)", len(readied), err)
	}
	release.Store(true)
	for range 10 {
		sample(http.StatusOK)
	}
	checkReadiedOnce(t, readied, a.Addresses())
	checkAddressesFile(t, file, a.Addresses())
}

// checkAddressesFile: the addresses file names every address of a dev
// process, as launch reads it.
func checkAddressesFile(t *testing.T, file string, want Addresses) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]string
	if err := json.Unmarshal(data, &got); err != nil {
		t.Fatalf("%s: %v", data, err)
	}
	named := map[string]string{"transaction": want.Transaction, "converter": want.Converter, "manager": want.Manager,
		"metrics": want.Metrics, "kafka": want.Kafka, "redis": want.Redis}
	if !maps.Equal(got, named) {
		t.Errorf("addresses file %v, want %v", got, named)
	}
}

// checkReadiedOnce: OnReady was called once, with the process's addresses,
// dev's embedded backends included.
func checkReadiedOnce(t *testing.T, readied <-chan Addresses, want Addresses) {
	t.Helper()
	select {
	case got := <-readied:
		if got != want || got.Kafka == "" || got.Redis == "" {
			t.Errorf("OnReady with %+v, want %+v with the embedded backends", got, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("OnReady not called 10s after the process was ready")
	}
	if len(readied) > 0 {
		t.Errorf("OnReady called again with %+v", <-readied)
	}
}

// readyAnswers asks every /readyz of a process, and reads txstream_ready
// as the status it stands for.
func readyAnswers(t *testing.T, addrs Addresses) []int {
	t.Helper()
	var got []int
	for _, addr := range []string{addrs.Transaction, addrs.Converter, addrs.Manager, addrs.Metrics} {
		code, _ := testenv.Get(t, "http://"+addr+"/readyz")
		got = append(got, code)
	}
	_, body := testenv.Get(t, "http://"+addrs.Metrics+"/metrics")
	mfs, err := testenv.ParseMetrics(body)
	if err != nil {
		t.Fatal(err)
	}
	gauge := http.StatusServiceUnavailable
	if testenv.MetricSum(mfs, "txstream_ready", nil) == 1 {
		gauge = http.StatusOK
	}
	return append(got, gauge)
}

func allEqual(got []int, want int) bool {
	for _, g := range got {
		if g != want {
			return false
		}
	}
	return true
}

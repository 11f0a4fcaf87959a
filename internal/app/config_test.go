package app

import (
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func TestActorsConfigCarriesSettings(t *testing.T) {
	c := Config{ActorIdle: 750 * time.Millisecond, MaxInFlight: 12, ProduceTimeout: 3 * time.Second, MaxLongPolls: 7, ShutdownTimeout: 20 * time.Second}
	ac := actorsConfig(c, nil)
	if ac.IdleTimeout != 750*time.Millisecond || ac.MaxInFlight != 12 || ac.ProduceTimeout != 3*time.Second || ac.MaxWaiters != 7 {
		t.Errorf("actors config lost a setting: %+v", ac)
	}
	if ac.ShutdownTimeout != 5*time.Second {
		t.Errorf("actors shutdown %s, want the actors stage's share of 20s", ac.ShutdownTimeout)
	}
	if err := ac.Validate(); err != nil {
		t.Errorf("actors config invalid: %v", err)
	}
}

func TestEdgeConfigCarriesSettings(t *testing.T) {
	c := Config{MaxInFlight: 12, MaxLongPolls: 7, LongPollMax: 3 * time.Second, MaxBodyBytes: 32 << 10, ProduceTimeout: time.Second, ShutdownTimeout: 20 * time.Second}
	ec := edgeConfig(c, prometheus.NewRegistry(), nil, discard())
	if ec.MaxInFlight != 12 || ec.MaxLongPolls != 7 || ec.WaitMax != 3*time.Second || ec.MaxBodyBytes != 32<<10 {
		t.Errorf("edge config lost a setting: %+v", ec)
	}
	if ec.ShutdownTimeout != 10*time.Second {
		t.Errorf("services' shutdown %s, want the front stage's share of 20s", ec.ShutdownTimeout)
	}
	if err := ec.Validate(); err != nil {
		t.Errorf("edge config invalid: %v", err)
	}
}

func TestTablesDirFollowsTheCluster(t *testing.T) {
	dir := func(mode Mode, embedded bool, brokers ...string) string {
		return streamsConfig(mode, Config{Brokers: brokers, DataDir: "/data"}, embedded).StorageDir
	}
	if got := dir(ModeDev, true, "127.0.0.1:1234"); got != "/data/tables" {
		t.Errorf("embedded dev tables in %s", got)
	}
	if dir(ModeDev, true, "127.0.0.1:1") != dir(ModeDev, true, "127.0.0.1:2") {
		t.Error("the embedded broker's port changed the table directory")
	}
	a, b := dir(ModeDev, false, "k1:9092"), dir(ModeDev, false, "k2:9092")
	if a == b || a == "/data/tables" {
		t.Errorf("dev against clusters k1 and k2 shares tables: %s, %s", a, b)
	}
	if got := dir(ModeServe, false, "k1:9092"); got != "/data/tables" {
		t.Errorf("serve tables in %s", got)
	}
}

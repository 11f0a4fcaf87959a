package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/txstream/txstream/actors"
	"github.com/txstream/txstream/internal/app"
	"github.com/txstream/txstream/internal/cli"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// e2eStack is "txstream dev" assembled inside the test process by the
// binary's own composition (app.New, App.Run), so that the tests
// can reach its parts: the kfake cluster for broker faults, the
// redis-server to stop and start, the actors' fault injector, the
// process's metrics registry. The services listen on random loopback
// ports and are driven over real TCP.
type e2eStack struct {
	app     *app.App
	cluster *kfake.Cluster       // nil against KAFKA_BROKERS
	redis   *testenv.RedisServer // nil when no redis-server is on the PATH
	rdb     *redis.Client        // a client of our own, to look into the cache
	faults  *actors.FaultInjector
	brokers []string
	topics  streams.Topics
	client  *http.Client
	logs    *syncBuffer

	tx, conv, mgr string // base URLs of the three services

	// produceTimeout is --produce-timeout: the bound of a POST while Kafka
	// does not acknowledge.
	produceTimeout time.Duration
	// longPollMax is --long-poll-max.
	longPollMax time.Duration
	// extraArgs are more settings, after the ones config gives.
	extraArgs []string
}

// e2eProduceTimeout is small so that the broker tests are quick; an
// acknowledgement from the in-process broker takes milliseconds.
const e2eProduceTimeout = 1500 * time.Millisecond

// startStack starts the backends and the process, and returns once every
// view, processor and index has recovered and the sample rates are loaded.
// options adjust the settings before anything starts.
func startStack(t *testing.T, options ...func(*e2eStack)) *e2eStack {
	t.Helper()
	s := &e2eStack{faults: actors.NewFaultInjector(), logs: &syncBuffer{}, produceTimeout: e2eProduceTimeout, longPollMax: 10 * time.Second}
	for _, o := range options {
		o(s)
	}
	s.startBackends(t)
	cfg := s.config(t)
	ctx, cancel := context.WithCancel(context.Background())
	a, err := app.New(ctx, app.ModeDev, cfg.Config, app.Options{Log: cli.Output{Stderr: s.logs}.Logger(cfg.LogFormat, cfg.LogLevel), Faults: s.faults})
	if err != nil {
		cancel()
		t.Fatalf("new process: %v", err)
	}
	s.app = a
	s.topics = a.Streams().Topics
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	t.Cleanup(func() { s.stop(t, cancel, done) })
	testenv.Eventually(t, 60*time.Second, a.Ready, "the process ready: %v", a.NotReady())
	addrs := a.Addresses()
	s.tx, s.conv, s.mgr = "http://"+addrs.Transaction, "http://"+addrs.Converter, "http://"+addrs.Manager
	return s
}

// startBackends: the embedded broker (or KAFKA_BROKERS, where the broker
// fault tests skip) and a redis-server of our own (or testenv.Redis,
// where the Redis outage test skips).
func (s *e2eStack) startBackends(t *testing.T) {
	t.Helper()
	if testenv.RealKafka() {
		s.brokers = testenv.Kafka(t)
	} else {
		k := testenv.EmbeddedKafka(t)
		s.brokers, s.cluster = k.Brokers, k.Cluster
	}
	addr := ""
	if _, err := exec.LookPath("redis-server"); err == nil && os.Getenv("REDIS_ADDR") == "" {
		s.redis = testenv.StartRedisServer(t)
		addr = s.redis.Addr
	} else {
		addr = testenv.Redis(t)
	}
	s.rdb = redis.NewClient(&redis.Options{Addr: addr, MaxRetries: -1, DialTimeout: time.Second})
	t.Cleanup(func() { _ = s.rdb.Close() })
	tr := &http.Transport{MaxIdleConnsPerHost: 128}
	s.client = &http.Client{Transport: tr, Timeout: 30 * time.Second}
	t.Cleanup(tr.CloseIdleConnections)
}

// config is dev's configuration with the backends above, random ports,
// state in memory and quick consumer groups. Against a shared real broker
// the topics and groups get names of their own.
func (s *e2eStack) config(t *testing.T) *config {
	t.Helper()
	args := []string{
		"--brokers", strings.Join(s.brokers, ","),
		"--redis", s.rdb.Options().Addr,
		"--data-dir", "",
		"--metrics-addr", "",
		"--transaction-addr", "127.0.0.1:0",
		"--converter-addr", "127.0.0.1:0",
		"--manager-addr", "127.0.0.1:0",
		"--produce-timeout", s.produceTimeout.String(),
		"--long-poll-max", s.longPollMax.String(),
		"--log-level", "warn",
	}
	args = append(args, fastGroupFlags...)
	args = append(args, s.extraArgs...)
	if testenv.RealKafka() {
		for _, name := range []string{"topic-transactions", "topic-conversions", "topic-conversion-results", "topic-rates", "topic-dead-letter",
			"group-transactions", "group-conversions", "group-status-log", "group-rates",
			"topic-webhooks", "topic-webhook-deliveries", "group-webhooks", "group-webhook-deliveries"} {
			args = append(args, "--"+name, testenv.Name(t, "e2e-"+name))
		}
	}
	noEnv := func(string) (string, bool) { return "", false }
	cfg, _, err := loadConfig(cmdDev, args, stdio{stdout: io.Discard, stderr: io.Discard, lookupEnv: noEnv})
	if err != nil {
		t.Fatalf("config: %v", err)
	}
	return cfg
}

// stop cancels the process and checks that it stopped cleanly in time.
func (s *e2eStack) stop(t *testing.T, cancel context.CancelFunc, done <-chan error) {
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("process stopped with: %v", err)
		}
	case <-time.After(40 * time.Second):
		t.Errorf("process still running 40s after cancel")
	}
	if t.Failed() {
		t.Logf("process log (tail):\n%s", tail(s.logs.String(), 60))
	}
}

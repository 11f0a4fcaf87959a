package app

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// errBrokerDown is what a control function returns to make kfake close the
// connection, as a broker killed with SIGKILL does.
var errBrokerDown = errors.New("broker killed")

// threeBrokers is a kfake cluster of three brokers, closed when the test
// ends: the cluster of the bug, with its control functions at hand.
func threeBrokers(t *testing.T) *kfake.Cluster {
	t.Helper()
	c, err := kfake.NewCluster(kfake.NumBrokers(3), kfake.AllowAutoTopicCreation())
	if err != nil {
		t.Fatalf("start three embedded brokers: %v", err)
	}
	t.Cleanup(c.Close)
	return c
}

// provisioned is a fresh name set on c with replication 3, provisioned
// once: a processor's restart finds its topics there, which is when goka
// asks a broker for their configs (DescribeConfigs).
func provisioned(t *testing.T, c *kfake.Cluster) streams.Config {
	t.Helper()
	sc := testenv.NamedStreamsConfig(t, c.ListenAddrs(), 3)
	sc.Replication = 3
	if _, err := provision(t.Context(), sc, slog.New(slog.DiscardHandler), DefaultProvisionTimeout); err != nil {
		t.Fatalf("first provisioning: %v", err)
	}
	return sc
}

// dropDescribeConfigs makes the next n DescribeConfigs requests (every
// one if n is 0), on any broker, close their connection instead of
// answering, and counts them; each calls onDrop with its count.
func dropDescribeConfigs(c *kfake.Cluster, n int64, onDrop func(int64)) *atomic.Int64 {
	var dropped atomic.Int64
	c.ControlKey(int16(kmsg.DescribeConfigs), func(kmsg.Request) (kmsg.Response, error, bool) {
		d := dropped.Add(1)
		c.KeepControl() // kfake keeps it until dropped: the flag stays set
		if n != 0 && d >= n {
			c.DropControl()
		}
		onDrop(d)
		return nil, errBrokerDown, true
	})
	return &dropped
}

// logBuffer is a text log that tests read while provision writes it.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// retries counts the WARN lines of provisioning retries in the log.
func (b *logBuffer) retries() int {
	return strings.Count(b.String(), `level=WARN msg="provisioning failed, retrying"`)
}

func (b *logBuffer) logger() *slog.Logger { return slog.New(slog.NewTextHandler(b, nil)) }

// TestProvisionRidesOutADeadBroker: a start whose first DescribeConfigs
// requests reach a broker that drops the connection (one just killed,
// still in the metadata) retries, logs each retry, and succeeds once the
// requests go through: two brokers of three serve every topic.
func TestProvisionRidesOutADeadBroker(t *testing.T) {
	c := threeBrokers(t)
	sc := provisioned(t, c)
	dropped := dropDescribeConfigs(c, 3, func(int64) {})
	var logs logBuffer
	if _, err := provision(t.Context(), sc, logs.logger(), DefaultProvisionTimeout); err != nil {
		t.Fatalf("provision gave up on a cluster of which two brokers of three serve: %v", err)
	}
	if got := dropped.Load(); got != 3 {
		t.Errorf("%d DescribeConfigs dropped, want 3: the test did not reproduce the dead broker", got)
	}
	if n := logs.retries(); n == 0 {
		t.Errorf("no retry logged:\n%s", logs.String())
	}
}

// TestProvisionFailsAtOnceOnATopicMismatch: an existing topic with another
// partition count cannot pass by waiting, so provision fails with
// streams.ErrTopicMismatch without a single retry.
func TestProvisionFailsAtOnceOnATopicMismatch(t *testing.T) {
	c := threeBrokers(t)
	sc := testenv.NamedStreamsConfig(t, c.ListenAddrs(), 3)
	if _, err := testenv.Admin(t, sc).CreateTopic(t.Context(), 2, 1, nil, sc.Topics.Transactions); err != nil {
		t.Fatal(err)
	}
	var logs logBuffer
	_, err := provision(t.Context(), sc, logs.logger(), DefaultProvisionTimeout)
	if !errors.Is(err, streams.ErrTopicMismatch) {
		t.Fatalf("provision: %v, want streams.ErrTopicMismatch", err)
	}
	if n := logs.retries(); n != 0 {
		t.Errorf("%d retries of a permanent failure:\n%s", n, logs.String())
	}
}

// TestProvisionGivesUpAtItsBound: a cluster that keeps failing the start
// fails it once the bound has passed, with the last error, after retries.
func TestProvisionGivesUpAtItsBound(t *testing.T) {
	c := threeBrokers(t)
	sc := provisioned(t, c)
	dropDescribeConfigs(c, 0, func(int64) {})
	var logs logBuffer
	start := time.Now()
	_, err := provision(t.Context(), sc, logs.logger(), time.Second)
	if err == nil || !strings.Contains(err.Error(), "Error getting config") {
		t.Fatalf("provision on a cluster that drops every DescribeConfigs: %v, want the last failure", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("gave up after %s, bound 1s", took)
	}
	if n := logs.retries(); n == 0 {
		t.Errorf("no retry logged before giving up:\n%s", logs.String())
	}
}

// TestProvisionStopsWithItsContext: the start's context ending (SIGTERM)
// during the retries ends them with the context's error, long before the
// bound, and says what was failing.
func TestProvisionStopsWithItsContext(t *testing.T) {
	c := threeBrokers(t)
	sc := provisioned(t, c)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var logs logBuffer
	dropDescribeConfigs(c, 0, func(int64) {
		if logs.retries() == 1 { // during the first retry
			cancel()
		}
	})
	start := time.Now()
	_, err := provision(ctx, sc, logs.logger(), time.Hour)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "Error getting config") {
		t.Fatalf("provision stopped: %v, want context.Canceled with the last failure", err)
	}
	if took := time.Since(start); took > 10*time.Second {
		t.Errorf("stopped %s after the start", took)
	}
	if n := logs.retries(); n != 1 {
		t.Errorf("%d retries logged, want 1: the cancel came during the first retry\n%s", n, logs.String())
	}
}

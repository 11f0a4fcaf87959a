package integration

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/internal/testenv"
)

// nodes controls the nodes of a kafka.sh cluster (kafka.sh up --brokers
// 3): node I is node.id I and the I-th address of KAFKA_BROKERS. It reads
// the cluster through kadm: which node leads which partitions, and whether
// every replica is back in sync.
type nodes struct {
	script   string
	stateDir string
	count    int
	adm      *kadm.Client
	stopped  map[int]bool
}

// controlNodes returns the cluster of TXSTREAM_KAFKA_STATE_DIR, failing the
// test unless it is the cluster of brokers. Nodes the test left stopped
// are started again when it ends.
func controlNodes(t *testing.T, brokers []string) *nodes {
	t.Helper()
	dir := os.Getenv(envStateDir)
	env, err := os.ReadFile(filepath.Join(dir, "kafka.env"))
	if err != nil {
		t.Fatalf("%s=%s: %v", envStateDir, dir, err)
	}
	if want := "KAFKA_BROKERS=" + strings.Join(brokers, ",") + "\n"; !strings.Contains(string(env), want) {
		t.Fatalf("%s/kafka.env does not say %s:\n%s", dir, want, env)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...), kgo.ClientID("txstream-it-nodes"))
	if err != nil {
		t.Fatal(err)
	}
	n := &nodes{script: filepath.Join(repoRoot(t), "deploy", "kafka", "kafka.sh"), stateDir: dir,
		count: len(brokers), adm: kadm.NewClient(cl), stopped: map[int]bool{}}
	t.Cleanup(func() {
		for i := range n.stopped {
			if err := n.run("start", i); err != nil {
				t.Errorf("start node %d after the test: %v", i, err)
			}
		}
		cl.Close()
	})
	return n
}

// run runs kafka.sh verb I and returns how long it took.
func (n *nodes) run(verb string, i int) error {
	cmd := exec.Command(n.script, verb, strconv.Itoa(i))
	cmd.Env = append(os.Environ(), "KAFKA_STATE_DIR="+n.stateDir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return &scriptError{verb: verb + " " + strconv.Itoa(i), err: err, out: string(out)}
	}
	if verb == "start" {
		delete(n.stopped, i)
	} else {
		n.stopped[i] = true
	}
	return nil
}

// do runs kafka.sh verb I, failing the test if it fails, and returns how
// long it took (start: until the node served).
func (n *nodes) do(t *testing.T, verb string, i int) time.Duration {
	t.Helper()
	begin := time.Now()
	if err := n.run(verb, i); err != nil {
		t.Fatal(err)
	}
	return time.Since(begin)
}

// mostLeader is the node that leads most partitions of topic, and how
// many of them.
func (n *nodes) mostLeader(t *testing.T, topic string) (node, led int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	details, err := n.adm.ListTopics(ctx, topic)
	if err != nil {
		t.Fatalf("leaders of %s: %v", topic, err)
	}
	count := map[int]int{}
	for _, p := range details[topic].Partitions {
		count[int(p.Leader)]++
	}
	for id, c := range count {
		if c > led || (c == led && id < node) {
			node, led = id, c
		}
	}
	if node < 1 || node > n.count {
		t.Fatalf("leaders of %s: %v, not nodes 1..%d", topic, count, n.count)
	}
	return node, led
}

// underReplicated counts the partitions of topics whose in-sync replicas
// are fewer than their replicas; -1 when the cluster cannot be read.
func (n *nodes) underReplicated(ctx context.Context, topics []string) int {
	details, err := n.adm.ListTopics(ctx, topics...)
	if err != nil {
		return -1
	}
	under := 0
	for _, d := range details {
		if d.Err != nil {
			return -1
		}
		for _, p := range d.Partitions {
			if len(p.ISR) < len(p.Replicas) {
				under++
			}
		}
	}
	return under
}

// waitInSync waits until every partition of topics has all its replicas
// in sync, and returns when it was.
func (n *nodes) waitInSync(t *testing.T, topics []string, timeout time.Duration) time.Time {
	t.Helper()
	last := 0
	testenv.Eventually(t, timeout, func() bool {
		ctx, cancel := context.WithTimeout(t.Context(), 5*time.Second)
		defer cancel()
		last = n.underReplicated(ctx, topics)
		return last == 0
	}, "every replica of %v in sync (last: %d partitions under-replicated)", topics, num{&last})
	return time.Now()
}

package integration

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// broker controls the kafka.sh broker the tests run on: stop keeps its
// data and port, start brings it back on them.
type broker struct {
	script   string
	stateDir string
	stopped  bool
}

// controlBroker returns the broker of TXSTREAM_KAFKA_STATE_DIR, skipping
// the test when it is not set or is not the broker of KAFKA_BROKERS: the
// test stops only a broker it was given. If the test ends with the broker
// stopped, it is started again, so the tests after it find it running.
func controlBroker(t *testing.T, brokers []string) *broker {
	t.Helper()
	dir := os.Getenv(envStateDir)
	if dir == "" {
		t.Skipf("set %s to the kafka.sh state dir of %v to let this test stop and start it", envStateDir, brokers)
	}
	env, err := os.ReadFile(filepath.Join(dir, "kafka.env"))
	if err != nil {
		t.Fatalf("%s=%s: %v", envStateDir, dir, err)
	}
	if want := "KAFKA_BROKERS=" + strings.Join(brokers, ","); !strings.Contains(string(env), want+"\n") {
		t.Fatalf("%s/kafka.env does not say %s:\n%s", dir, want, env)
	}
	b := &broker{script: filepath.Join(repoRoot(t), "deploy", "kafka", "kafka.sh"), stateDir: dir}
	t.Cleanup(func() {
		if b.stopped {
			if err := b.run("start"); err != nil {
				t.Errorf("restart the broker after the test: %v", err)
			}
		}
	})
	return b
}

func (b *broker) run(verb string) error {
	cmd := exec.Command(b.script, verb)
	cmd.Env = append(os.Environ(), "KAFKA_STATE_DIR="+b.stateDir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return &scriptError{verb: verb, err: err, out: string(out)}
	}
	b.stopped = verb == "stop"
	return nil
}

// stop stops the broker and returns how long kafka.sh stop took.
func (b *broker) stop(t *testing.T) time.Duration {
	t.Helper()
	begin := time.Now()
	if err := b.run("stop"); err != nil {
		t.Fatal(err)
	}
	return time.Since(begin)
}

// start starts it again and returns how long until it served requests.
func (b *broker) start(t *testing.T) time.Duration {
	t.Helper()
	begin := time.Now()
	if err := b.run("start"); err != nil {
		t.Fatal(err)
	}
	return time.Since(begin)
}

type scriptError struct {
	verb string
	err  error
	out  string
}

func (e *scriptError) Error() string {
	return "kafka.sh " + e.verb + ": " + e.err.Error() + "\n" + e.out
}

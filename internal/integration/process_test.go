package integration

import (
	"context"
	"fmt"
	"path/filepath"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/launch"
)

// member is one running `txstream serve` (or dev) process, started by
// launch on listeners it binds itself.
type member struct {
	*launch.Process
	name    string // also its Kafka client id, so group descriptions name it
	roles   string
	logPath string
	killed  atomic.Bool // stopped on purpose: its exit is no failure
}

// url is the URL of path on the member's listener. The addresses come
// once the process is ready; url waits for them if need be (a member
// launched without waiting), and is "" when they never came.
func (m *member) url(listener, path string) string {
	if m.Addresses() == nil {
		ctx, cancel := context.WithTimeout(context.Background(), readyTimeout)
		defer cancel()
		_ = m.WaitAddresses(ctx)
	}
	return m.URL(listener, path)
}

// kill sends SIGKILL, as a crash would, and waits for the exit.
func (m *member) kill(t *testing.T) {
	t.Helper()
	m.killed.Store(true)
	m.Kill()
}

// stop sends SIGTERM and returns the exit code; -1 when the process did
// not exit within timeout (it is then killed).
func (m *member) stop(timeout time.Duration) int {
	m.killed.Store(true)
	code, err := m.Stop(syscall.SIGTERM, timeout)
	if err != nil {
		return -1
	}
	return code
}

// logTail is the end of the process's output.
func (m *member) logTail(lines int) string { return m.Tail(lines) }

// spawn starts the binary with args, its output also going to a file of
// the test's log directory, without waiting for it; the process is
// killed when the test ends.
func spawn(t *testing.T, bin, logDir, name, roles string, args []string) *member {
	t.Helper()
	m := &member{name: name, roles: roles, logPath: filepath.Join(logDir, name+".log")}
	p, err := launch.Spawn(launch.Options{Binary: bin, Args: args, LogFile: m.logPath,
		Env: []string{"GORACE=halt_on_error=1"}, StartTimeout: readyTimeout})
	if err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	m.Process = p
	t.Cleanup(func() { p.Kill() })
	return m
}

// waitReady waits for the addresses (written once ready), then /readyz,
// failing the test if the process exits first.
func (m *member) waitReady(t *testing.T, timeout time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	if err := m.WaitAddresses(ctx); err != nil {
		t.Fatalf("%s: %v", m, err)
	}
	if err := m.WaitReady(ctx); err != nil {
		t.Fatalf("%s: %v", m, err)
	}
}

func (m *member) String() string { return fmt.Sprintf("%s (%s)", m.name, m.roles) }

// lastWords is the process's last line of output, cut to n bytes: after an
// exit, the error it stopped with.
func (m *member) lastWords(n int) string {
	line := m.logTail(1)
	if len(line) > n {
		line = line[:n] + "..."
	}
	return line
}

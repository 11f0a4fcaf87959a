package integration

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
)

// member is one running `txstream serve` process.
type member struct {
	name     string // also its Kafka client id, so group descriptions name it
	roles    string
	ports    ports
	cmd      *exec.Cmd
	logPath  string
	exited   chan struct{}
	exitErr  error
	exitedAt time.Time
	killed   atomic.Bool // stopped on purpose: its exit is no failure
}

// ports are the listen ports of one process.
type ports struct{ tx, conv, mgr, metrics int }

func freePorts(t *testing.T) ports {
	return ports{testenv.FreePort(t), testenv.FreePort(t), testenv.FreePort(t), testenv.FreePort(t)}
}

func (p ports) url(port int, path string) string {
	return "http://127.0.0.1:" + strconv.Itoa(port) + path
}

func (p ports) flags() []string {
	addr := func(port int) string { return "127.0.0.1:" + strconv.Itoa(port) }
	return []string{
		"--transaction-addr", addr(p.tx), "--converter-addr", addr(p.conv),
		"--manager-addr", addr(p.mgr), "--metrics-addr", addr(p.metrics),
	}
}

// alive reports whether the process still runs.
func (m *member) alive() bool {
	select {
	case <-m.exited:
		return false
	default:
		return true
	}
}

// ready reports whether /readyz answers 200.
func (m *member) ready() bool {
	return statusOf(m.ports.url(m.ports.metrics, "/readyz")) == http.StatusOK
}

// kill sends SIGKILL, as a crash would, and waits for the exit.
func (m *member) kill(t *testing.T) {
	t.Helper()
	m.killed.Store(true)
	if err := m.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill %s: %v", m.name, err)
	}
	<-m.exited
}

// stop sends SIGTERM and returns the exit code; -1 when the process did
// not exit within timeout (it is then killed).
func (m *member) stop(timeout time.Duration) int {
	m.killed.Store(true)
	if !m.alive() {
		return m.cmd.ProcessState.ExitCode()
	}
	_ = m.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-m.exited:
		return m.cmd.ProcessState.ExitCode()
	case <-time.After(timeout):
		_ = m.cmd.Process.Kill()
		<-m.exited
		return -1
	}
}

// logTail is the end of the process's output.
func (m *member) logTail(lines int) string {
	data, err := os.ReadFile(m.logPath)
	if err != nil {
		return err.Error()
	}
	all := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// launch starts the binary with args, its output going to a file of the
// test's log directory; the process is killed when the test ends.
func launch(t *testing.T, bin, logDir, name, roles string, args []string) *member {
	t.Helper()
	m := &member{name: name, roles: roles, exited: make(chan struct{}), logPath: filepath.Join(logDir, name+".log")}
	out, err := os.Create(m.logPath)
	if err != nil {
		t.Fatalf("log file of %s: %v", name, err)
	}
	m.cmd = exec.Command(bin, args...)
	m.cmd.Env = append(os.Environ(), "GORACE=halt_on_error=1")
	m.cmd.Stdout, m.cmd.Stderr = out, out
	if err := m.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	go func() {
		m.exitErr = m.cmd.Wait()
		m.exitedAt = time.Now()
		_ = out.Close()
		close(m.exited)
	}()
	t.Cleanup(func() {
		if m.alive() {
			_ = m.cmd.Process.Kill()
			<-m.exited
		}
	})
	return m
}

// waitReady polls /readyz until it answers 200, failing the test if the
// process exits first.
func (m *member) waitReady(t *testing.T, timeout time.Duration) {
	t.Helper()
	testenv.Eventually(t, timeout, func() bool {
		if !m.alive() {
			t.Fatalf("%s (%s) exited while starting: %v\n%s", m.name, m.roles, m.exitErr, m.logTail(40))
		}
		return m.ready()
	}, "%s (%s) ready on :%d", m.name, m.roles, m.ports.metrics)
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

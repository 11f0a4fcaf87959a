package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testenv.RemoveBinaries()
	os.Exit(code)
}

// buildBinary is the txstream binary of this test run (see testenv.Txstream).
func buildBinary(t *testing.T) string { return testenv.Txstream(t) }

// syncBuffer collects a subprocess's output while tests read it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// devProcess is a running "txstream dev".
type devProcess struct {
	cmd            *exec.Cmd
	stdout, stderr *syncBuffer
	exited         chan struct{}
	exitErr        error
	ports          devPorts
}

type devPorts struct{ tx, conv, mgr, metrics int }

func freeDevPorts(t *testing.T) devPorts {
	return devPorts{testenv.FreePort(t), testenv.FreePort(t), testenv.FreePort(t), testenv.FreePort(t)}
}

func (p devPorts) url(port int, path string) string {
	return "http://127.0.0.1:" + strconv.Itoa(port) + path
}

// startDev starts the binary in dev mode on the given ports and data
// directory and waits until it is ready.
func startDev(t *testing.T, bin, dataDir string, ports devPorts) *devProcess {
	t.Helper()
	args := append([]string{"dev", "--data-dir", dataDir}, listenFlags(ports)...)
	args = append(args, fastGroupFlags...)
	return startProcess(t, bin, args, ports)
}

// fastGroupFlags keep consumer-group changes quick and the logs readable.
var fastGroupFlags = []string{
	"--partitions", "4",
	"--shutdown-timeout", "20s",
	"--session-timeout", "3s", "--heartbeat-interval", "300ms", "--rebalance-timeout", "3s",
	"--log-format", "json",
}

func listenFlags(ports devPorts) []string {
	addr := func(port int) string { return "127.0.0.1:" + strconv.Itoa(port) }
	return []string{
		"--transaction-addr", addr(ports.tx),
		"--converter-addr", addr(ports.conv),
		"--manager-addr", addr(ports.mgr),
		"--metrics-addr", addr(ports.metrics),
	}
}

// startProcess starts the binary with args and waits until /readyz on the
// metrics port answers 200. The process is killed when the test ends, if
// it is still running, and its output is logged when the test failed.
func startProcess(t *testing.T, bin string, args []string, ports devPorts) *devProcess {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GORACE=halt_on_error=1")
	p := &devProcess{cmd: cmd, stdout: &syncBuffer{}, stderr: &syncBuffer{}, exited: make(chan struct{}), ports: ports}
	cmd.Stdout, cmd.Stderr = p.stdout, p.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start txstream %s: %v", args[0], err)
	}
	go func() { p.exitErr = cmd.Wait(); close(p.exited) }()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			_ = cmd.Process.Kill()
			<-p.exited
		}
		if t.Failed() {
			t.Logf("txstream %v\nstdout:\n%s\nstderr (tail):\n%s", args, p.stdout.String(), tail(p.stderr.String(), 60))
		}
	})
	testenv.Eventually(t, 90*time.Second, func() bool {
		select {
		case <-p.exited:
			t.Fatalf("txstream %s exited early: %v\n%s", args[0], p.exitErr, tail(p.stderr.String(), 40))
		default:
		}
		return statusOf(ports.url(ports.metrics, "/readyz")) == http.StatusOK
	}, "txstream %s ready on %d", args[0], ports.metrics)
	return p
}

// stop sends sig and returns the exit code, failing the test if the
// process does not exit within timeout.
func (p *devProcess) stop(t *testing.T, sig os.Signal, timeout time.Duration) int {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal: %v", err)
	}
	select {
	case <-p.exited:
	case <-time.After(timeout):
		t.Fatalf("txstream dev still running %s after %v", timeout, sig)
	}
	return p.cmd.ProcessState.ExitCode()
}

func tail(s string, lines int) string {
	all := strings.Split(s, "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

var client = &http.Client{Timeout: 15 * time.Second}

func statusOf(url string) int {
	resp, err := client.Get(url)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// call sends a JSON request and decodes a JSON answer into out (if any).
func call(ctx context.Context, method, url string, body any, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return resp.StatusCode, fmt.Errorf("decode %s: %w", data, err)
		}
	}
	return resp.StatusCode, nil
}

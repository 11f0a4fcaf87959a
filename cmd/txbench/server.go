package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"sync"
	"syscall"
	"time"

	"github.com/valyala/fasthttp"
)

// freePort asks the kernel for a free loopback port. Another process may
// take it before the server binds it; the server then fails to start and
// says so.
func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("free port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}

func freePorts(n int) ([]int, error) {
	ports := make([]int, n)
	for i := range ports {
		p, err := freePort()
		if err != nil {
			return nil, err
		}
		ports[i] = p
	}
	return ports, nil
}

func loopback(port int) string { return "127.0.0.1:" + strconv.Itoa(port) }

// tailBuffer keeps the last bytes a subprocess wrote, for error messages.
type tailBuffer struct {
	mu  sync.Mutex
	buf []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.buf = append(t.buf, p...)
	if over := len(t.buf) - t.max; over > 0 {
		t.buf = append(t.buf[:0], t.buf[over:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return string(bytes.TrimSpace(t.buf))
}

// child is a process the harness started; it stops it by its pid.
type child struct {
	name   string
	cmd    *exec.Cmd
	out    *tailBuffer
	exited chan struct{}
	err    error
}

func startChild(name, bin string, args []string, env []string) (*child, error) {
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), env...)
	c := &child{name: name, cmd: cmd, out: &tailBuffer{max: 16 << 10}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = c.out, c.out
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", name, err)
	}
	go func() { c.err = cmd.Wait(); close(c.exited) }()
	return c, nil
}

func (c *child) pid() string { return strconv.Itoa(c.cmd.Process.Pid) }

// stop sends SIGTERM, waits up to timeout, then kills.
func (c *child) stop(timeout time.Duration) error {
	select {
	case <-c.exited:
		return nil
	default:
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.exited:
		return nil
	case <-time.After(timeout):
		_ = c.cmd.Process.Kill()
		<-c.exited
		return fmt.Errorf("%s did not stop within %s after SIGTERM; killed", c.name, timeout)
	}
}

// waitReady polls url until it answers 200, the process exits, or timeout.
func (c *child) waitReady(ctx context.Context, url string, timeout time.Duration) error {
	deadline := time.Now().Add(timeout)
	client := &fasthttp.Client{ReadTimeout: 2 * time.Second, WriteTimeout: 2 * time.Second}
	for {
		status, _, err := client.Get(nil, url)
		if err == nil && status == fasthttp.StatusOK {
			return nil
		}
		select {
		case <-c.exited:
			return fmt.Errorf("%w: %s exited (%v): %s", errNotReady, c.name, c.err, tailLines(c.out.String(), 20))
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%w: %s not ready at %s after %s: %s", errNotReady, c.name, url, timeout, tailLines(c.out.String(), 20))
		}
	}
}

func tailLines(s string, n int) string {
	lines := bytes.Split([]byte(s), []byte("\n"))
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return string(bytes.Join(lines, []byte("\n")))
}

// target is a running txstream process and its addresses.
type target struct {
	*child
	txAddr      string
	metricsAddr string
	kafkaAddr   string // the embedded broker, under dev
	pprofAddr   string // net/http/pprof, in a --profile build
}

func (t *target) metricsURL() string { return "http://" + t.metricsAddr + "/metrics" }

// startDev starts "txstream dev" on free ports with its state in dataDir
// ("" keeps it in memory), with extra flags and environment.
func startDev(ctx context.Context, bin, dataDir string, partitions int, pprof bool, extra, env []string) (*target, error) {
	ports, err := freePorts(6)
	if err != nil {
		return nil, err
	}
	t := &target{txAddr: loopback(ports[0]), metricsAddr: loopback(ports[3]), kafkaAddr: loopback(ports[4])}
	args := []string{"dev", "--data-dir", dataDir,
		"--transaction-addr", t.txAddr, "--converter-addr", loopback(ports[1]),
		"--manager-addr", loopback(ports[2]), "--metrics-addr", t.metricsAddr,
		"--embedded-kafka-port", strconv.Itoa(ports[4]), "--partitions", strconv.Itoa(partitions),
		"--log-level", "warn"}
	return t.start(ctx, bin, append(args, extra...), pprof, ports[5], env)
}

func (t *target) start(ctx context.Context, bin string, args []string, pprof bool, pprofPort int, env []string) (*target, error) {
	env = slices.Clone(env)
	if pprof {
		t.pprofAddr = loopback(pprofPort)
		env = append(env, pprofEnv+"="+t.pprofAddr)
	}
	c, err := startChild("txstream "+args[0], bin, args, env)
	if err != nil {
		return nil, err
	}
	t.child = c
	if err := c.waitReady(ctx, "http://"+t.metricsAddr+"/readyz", 2*time.Minute); err != nil {
		return nil, errors.Join(err, c.stop(10*time.Second))
	}
	return t, nil
}

package launch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"time"

	"github.com/txstream/txstream/internal/poll"
)

// pollEvery is the longest pause between two looks at a starting process.
const pollEvery = 50 * time.Millisecond

// Process is a running (or exited) txstream process that Start started.
type Process struct {
	opts     Options
	cmd      *exec.Cmd
	out      *tail
	log      *os.File
	dir      string // holds the addresses file
	mu       sync.Mutex
	addrs    Addresses // nil until the process wrote them
	exited   chan struct{}
	exitErr  error
	exitedAt time.Time
}

// Start starts the binary with opts and waits until it wrote its addresses
// file, which it does once ready. It fails at once, with the end of the
// output, when the process exits first, and kills the process when ctx
// ends or the start timeout passes first.
func Start(ctx context.Context, opts Options) (*Process, error) {
	p, err := Spawn(opts)
	if err != nil {
		return nil, err
	}
	if err := p.WaitAddresses(ctx); err != nil {
		p.Kill()
		return nil, err
	}
	return p, nil
}

// Spawn starts the process without waiting for it: for callers that start
// several at once and wait for each afterwards with WaitAddresses.
func Spawn(opts Options) (*Process, error) {
	dir, err := os.MkdirTemp("", "txstream-launch-")
	if err != nil {
		return nil, fmt.Errorf("launch: %w", err)
	}
	p := &Process{opts: opts, dir: dir, out: &tail{max: opts.tailBytes()}, exited: make(chan struct{})}
	if err := p.openLog(); err != nil {
		_ = os.RemoveAll(dir)
		return nil, err
	}
	p.cmd = exec.Command(opts.Binary, opts.args(p.addressesFile())...)
	p.cmd.Env = append(os.Environ(), opts.Env...)
	// One writer for both, so that exec gives them one pipe and the output
	// keeps its order.
	out := p.output()
	p.cmd.Stdout, p.cmd.Stderr = out, out
	if err := p.cmd.Start(); err != nil {
		p.cleanup()
		return nil, fmt.Errorf("start %s: %w", opts.Binary, err)
	}
	go p.wait()
	return p, nil
}

func (p *Process) openLog() error {
	if p.opts.LogFile == "" {
		return nil
	}
	f, err := os.OpenFile(p.opts.LogFile, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return fmt.Errorf("log file: %w", err)
	}
	p.log = f
	return nil
}

// output is where the process writes: the tail, and the log file if any.
func (p *Process) output() io.Writer {
	if p.log == nil {
		return p.out
	}
	return io.MultiWriter(p.out, p.log)
}

func (p *Process) addressesFile() string { return filepath.Join(p.dir, "addresses.json") }

// wait owns the process's exit: it records it and removes what spawn made.
func (p *Process) wait() {
	p.exitErr = p.cmd.Wait()
	p.exitedAt = time.Now()
	p.cleanup()
	close(p.exited)
}

func (p *Process) cleanup() {
	if p.log != nil {
		_ = p.log.Close()
	}
	_ = os.RemoveAll(p.dir)
}

// WaitAddresses waits until the process wrote its addresses file (once
// ready) and reads it; at once when it was read before. It fails with
// ErrExited when the process exits first, with ErrNotReady when the start
// timeout passes first.
func (p *Process) WaitAddresses(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, p.opts.startTimeout())
	defer cancel()
	err := poll.Until(ctx, pollEvery, func() (bool, error) {
		if p.Addresses() != nil {
			return true, nil
		}
		if err := p.exitedErr(); err != nil {
			return false, err
		}
		a, err := readAddresses(p.addressesFile())
		p.setAddresses(a)
		return a != nil, err
	})
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("%w within %s: %s\n%s", ErrNotReady, p.opts.startTimeout(), p, p.Tail(40))
	}
	return err
}

// exitedErr is ErrExited with the end of the output once the process
// exited, nil while it runs.
func (p *Process) exitedErr() error {
	if p.Alive() {
		return nil
	}
	return fmt.Errorf("%w: %s: %v\n%s", ErrExited, p, p.exitErr, p.Tail(40))
}

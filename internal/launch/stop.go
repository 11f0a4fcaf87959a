package launch

import (
	"context"
	"fmt"
	"os"
	"syscall"
	"time"
)

// Stop sends sig and waits up to timeout for the process to exit, then
// kills it with SIGKILL and returns ErrStopTimeout. It returns the exit
// code (-1 when a signal ended the process); a process that already
// exited is not signalled.
func (p *Process) Stop(sig os.Signal, timeout time.Duration) (int, error) {
	if p.Alive() {
		_ = p.cmd.Process.Signal(sig)
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case <-p.exited:
		return p.exitCode(), nil
	case <-timer.C:
		code := p.Kill()
		return code, fmt.Errorf("%w: %s, %s after %v", ErrStopTimeout, p, timeout, sig)
	}
}

// Kill sends SIGKILL, as a crash would, waits for the exit and returns
// the exit code (-1 when the kill ended it).
func (p *Process) Kill() int {
	if p.Alive() {
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-p.exited
	return p.exitCode()
}

func (p *Process) exitCode() int { return p.cmd.ProcessState.ExitCode() }

// Restart starts the exited process again with the same options (the same
// data directory among them): on the addresses it had when sameAddresses
// is set, else on new ones. Rebinding an address the process just gave up
// can fail if another process took it in between; a test that needs no
// fixed address should pass false.
func (p *Process) Restart(ctx context.Context, sameAddresses bool) (*Process, error) {
	if p.Alive() {
		return nil, fmt.Errorf("restart %s: %w", p, ErrRunning)
	}
	opts := p.Options()
	if sameAddresses {
		opts.Listen = Addresses{}
		for _, name := range Listeners {
			if addr, ok := p.Addresses()[name]; ok {
				opts.Listen[name] = addr
			}
		}
	}
	return Start(ctx, opts)
}

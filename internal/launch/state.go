package launch

import (
	"fmt"
	"slices"
	"time"
)

// Addresses are the bound addresses the process reported once ready; nil
// before (see WaitAddresses).
func (p *Process) Addresses() Addresses {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.addrs
}

func (p *Process) setAddresses(a Addresses) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.addrs = a
}

// URL is the http URL of path on the process's listener name; "" before
// the addresses came or when it runs no such listener.
func (p *Process) URL(name, path string) string { return p.Addresses().URL(name, path) }

// Pid is the process id.
func (p *Process) Pid() int { return p.cmd.Process.Pid }

// Alive reports whether the process still runs.
func (p *Process) Alive() bool {
	select {
	case <-p.exited:
		return false
	default:
		return true
	}
}

// Exited is closed once the process exited; then ExitErr and ExitedAt
// say how and when.
func (p *Process) Exited() <-chan struct{} { return p.exited }

// ExitErr is what waiting for the exited process returned (nil for exit
// code 0); nil while it runs.
func (p *Process) ExitErr() error {
	if p.Alive() {
		return nil
	}
	return p.exitErr
}

// ExitedAt is when the exited process was seen to exit; zero while it
// runs.
func (p *Process) ExitedAt() time.Time {
	if p.Alive() {
		return time.Time{}
	}
	return p.exitedAt
}

// Output is the end of what the process wrote (Options.TailBytes of it).
func (p *Process) Output() string { return p.out.String() }

// Tail is the last n lines of Output.
func (p *Process) Tail(n int) string { return lastLines(p.Output(), n) }

func (p *Process) String() string {
	return fmt.Sprintf("txstream %s (pid %d)", firstArg(p.opts.Args), p.Pid())
}

func firstArg(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// Options are the options the process was started with.
func (p *Process) Options() Options {
	o := p.opts
	o.Args, o.Env = slices.Clone(o.Args), slices.Clone(o.Env)
	return o
}

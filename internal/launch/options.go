package launch

import (
	"slices"
	"strings"
	"time"
)

// Options say what to start.
type Options struct {
	// Binary is the path of the txstream binary.
	Binary string
	// Args are the subcommand (dev or serve) and its flags. A listener
	// whose --NAME-addr they do not set is bound to Listen's address for
	// it, else to 127.0.0.1:0.
	Args []string
	// Listen names addresses for listeners the Args leave unset (Restart
	// sets it to keep the addresses of the process it replaces).
	Listen Addresses
	// Listeners are the listeners given an address; all of Listeners
	// when nil. A stand-in that runs fewer (txbench's no-op server) names
	// its own.
	Listeners []string
	// Env is added to the process's environment.
	Env []string
	// LogFile, when set, receives all the output too (appended, so a
	// restart adds to it).
	LogFile string
	// TailBytes is how much output a Process keeps in memory; 64 KiB when
	// zero.
	TailBytes int
	// StartTimeout bounds the wait for the addresses file (the process's
	// readiness); two minutes when zero.
	StartTimeout time.Duration
}

func (o Options) tailBytes() int {
	if o.TailBytes > 0 {
		return o.TailBytes
	}
	return 64 << 10
}

func (o Options) startTimeout() time.Duration {
	if o.StartTimeout > 0 {
		return o.StartTimeout
	}
	return 2 * time.Minute
}

// args are the Args with every listener they leave unset and the
// addresses file added.
func (o Options) args(addressesFile string) []string {
	args := slices.Clone(o.Args)
	listeners := o.Listeners
	if listeners == nil {
		listeners = Listeners
	}
	for _, name := range listeners {
		flag := "--" + name + "-addr"
		if setsFlag(o.Args, flag) {
			continue
		}
		addr, ok := o.Listen[name]
		if !ok {
			addr = "127.0.0.1:0"
		}
		args = append(args, flag, addr)
	}
	return append(args, "--addresses-file", addressesFile)
}

// setsFlag reports whether args set flag, as "--flag value", "--flag=value"
// or with one dash.
func setsFlag(args []string, flag string) bool {
	short := strings.TrimPrefix(flag, "-")
	for _, a := range args {
		name, _, _ := strings.Cut(a, "=")
		if name == flag || name == short {
			return true
		}
	}
	return false
}

package launch

import "errors"

var (
	// ErrExited is returned by Start and WaitReady when the process exited
	// before it was ready; the error carries the end of its output.
	ErrExited = errors.New("txstream exited")
	// ErrNotReady is returned by Start and WaitReady when the process did
	// not become ready within its deadline; it is killed by Start.
	ErrNotReady = errors.New("txstream not ready")
	// ErrStopTimeout is returned by Stop when the process did not exit
	// within the deadline after the signal and was killed.
	ErrStopTimeout = errors.New("txstream did not stop in time; killed")
	// ErrRunning is returned by Restart while the process still runs.
	ErrRunning = errors.New("txstream still running")
	// ErrNoListener is returned when an address the caller needs is not
	// among the process's listeners (a role that does not run it, or an
	// empty --metrics-addr).
	ErrNoListener = errors.New("no such listener")
)

package app

import (
	"errors"
	"fmt"
	"os"
)

// ErrNoRoles is returned by ParseRoles for a list that names no role.
var ErrNoRoles = errors.New("no role given")

// ErrNotServed is returned by the read model for a table this process
// does not read because none of its roles needs it.
var ErrNotServed = errors.New("table not read by this process's roles")

// ListenError is returned by New when an address of the process cannot be
// bound. It comes before anything else is created (topics, the data
// directory, the embedded backends), and names the listener so that the
// caller can say which setting moves it.
type ListenError struct {
	Listener Listener // which address
	Addr     string   // as configured
	Err      error
}

func (e *ListenError) Error() string {
	// "listen 127.0.0.1:5001: address already in use": the system's
	// reason without net's "listen tcp ...: bind:" around it.
	reason := e.Err
	var se *os.SyscallError
	if errors.As(e.Err, &se) {
		reason = se.Err
	}
	return fmt.Sprintf("listen %s: %v", e.Addr, reason)
}

func (e *ListenError) Unwrap() error { return e.Err }

// ErrSecurityFile is returned by New, KafkaSecurity.Streams and
// RedisSecurity.Cache when a key, certificate or password file cannot be
// used (missing, unreadable, open to others' writes, malformed): a
// configuration mistake, which cmd/txstream answers as one.
var ErrSecurityFile = errors.New("security file")

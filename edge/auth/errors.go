package auth

import (
	"errors"
	"fmt"
)

// The errors of a request. None of them, nor anything wrapping them here,
// carries the presented key or any part of it.
var (
	// ErrNoCredentials is returned by Authenticate and ParseBearer when the
	// request has no Authorization header: 401 with WWW-Authenticate: Bearer.
	ErrNoCredentials = errors.New("no credentials")
	// ErrBadCredentials is returned by Authenticate and ParseBearer when the
	// header is not "Bearer <token68>" or names no key in the key file: 401.
	ErrBadCredentials = errors.New("bad credentials")
	// ErrScope is returned by Authorize and Principal.Require when the key is
	// valid but lacks the route's scope: 403.
	ErrScope = errors.New("key lacks the scope")
)

// The errors of a key file or a command line.
var (
	// ErrUnknownScope is returned by ParseScope and ParseScopes for a name
	// that is not one of the scopes below, and by the key file parser.
	ErrUnknownScope = errors.New("unknown scope")
	// ErrNoScopes is returned by ParseScopes for an empty list and by the key
	// file parser for a record without scopes: a key that may do nothing is
	// a mistake.
	ErrNoScopes = errors.New("no scopes")
	// ErrRecord is returned by the key file parser for a line that is not a
	// valid record (bad JSON, unknown member, bad name, time or hash).
	ErrRecord = errors.New("invalid key record")
	// ErrDuplicate is returned by the key file parser, and by AppendRecord,
	// for a second record with the same name or the same key hash.
	ErrDuplicate = errors.New("duplicate key record")
	// ErrNoKeys is returned by LoadFile for a file without records. An
	// empty file is refused rather than read as "nobody may enter": it is
	// what a wrong path or a truncate-then-write caught half way looks like.
	ErrNoKeys = errors.New("key file holds no keys")
	// ErrFileMode is returned by LoadFile and AppendRecord for a key file
	// that group or others may write (see CheckMode).
	ErrFileMode = errors.New("key file is writable by group or others")
	// ErrName is returned by ValidateName and the key file parser.
	ErrName = errors.New("invalid key name")
)

// LineError locates an error in a key file, so that an operator can fix
// the file: the path and the 1-based line number. It never quotes the
// line, which may be anything an operator pasted, a key included.
type LineError struct {
	Path string
	Line int
	Err  error
}

func (e *LineError) Error() string { return fmt.Sprintf("%s:%d: %v", e.Path, e.Line, e.Err) }

func (e *LineError) Unwrap() error { return e.Err }

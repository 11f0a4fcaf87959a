package edge

import (
	"errors"
	"fmt"
)

// Sentinel errors. Each is returned wrapped, so test with errors.Is.
var (
	// ErrInvalidConfig is returned by Config.Validate and the constructors.
	ErrInvalidConfig = errors.New("invalid edge config")
	// ErrAlreadyServing is returned by Server.Serve and Server.Run when the
	// server has been started before: a Server is one-shot.
	ErrAlreadyServing = errors.New("edge server already started")
	// ErrShutdownTimeout is returned by Server.Run and Server.Serve when
	// connections were still open at the shutdown deadline; they are closed.
	ErrShutdownTimeout = errors.New("edge shutdown deadline passed")
)

// RequestError is returned by the request decoders (DecodeTransaction,
// DecodeConversion, DecodeRate) and the query parsers: the catalog code of
// the rejection, the field or parameter at fault, and a detail for humans.
type RequestError struct {
	Code   Code
	Field  string
	Detail string
	Err    error // the domain sentinel, when there is one
}

func (e *RequestError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s: %s", e.Code, e.Detail)
	}
	return fmt.Sprintf("%s: %s: %s", e.Code, e.Field, e.Detail)
}

// Unwrap gives the domain sentinel (domain.ErrInvalidAmount, ...), if any.
func (e *RequestError) Unwrap() error { return e.Err }

func requestError(code Code, field, format string, args ...any) *RequestError {
	return &RequestError{Code: code, Field: field, Detail: fmt.Sprintf(format, args...)}
}

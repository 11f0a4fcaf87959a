package actors

import (
	"errors"
	"fmt"

	"github.com/txstream/txstream/domain"
)

// Sentinel errors. They are returned wrapped; test with errors.Is.
var (
	// ErrConflict is returned, inside a *ConflictError, by SubmitTransaction
	// and SubmitConversion when the id was already accepted with another body
	// (another fingerprint). The original is untouched and nothing is
	// produced. The edge answers 409.
	ErrConflict = errors.New("id already used with another body")
	// ErrOverloaded is returned at once by SubmitTransaction,
	// SubmitConversion and Wait when Config.MaxInFlight (or MaxWaiters) calls
	// are already in progress. Nothing was queued; the edge answers 503 with
	// Retry-After.
	ErrOverloaded = errors.New("too many requests in flight")
	// ErrUnavailable is returned when the event surely was not written (the
	// producer says so: the brokers refused it, or it never left the
	// client), or the table lookup failed. It wraps the cause. Nothing was
	// recorded as accepted, so a retry with the same id is safe. The edge
	// answers 503.
	ErrUnavailable = errors.New("backend unavailable")
	// ErrOutcomeUnknown is returned when the produce ended without a
	// definite answer within Config.ProduceTimeout (see outcomeUnknown):
	// the event may have been written, and is then processed. It wraps the
	// cause. A retry with the same id is safe: it is a replay once the
	// event shows in the table, and the processors apply an id once if the
	// event is written twice. The edge answers 504.
	ErrOutcomeUnknown = errors.New("outcome of the produce unknown")
	// ErrNoVerdict is returned, wrapped with ErrOutcomeUnknown, by
	// SubmitTransaction when Config.VerdictTimeout passed after Kafka's
	// acknowledgement without the table showing the id, or the actor
	// stopped first: the event is written, but whether its body or another
	// one won the id is not known yet. A retry with the same id and body is
	// safe: it is answered as a replay or a conflict once the table shows
	// the id. The edge answers 504.
	ErrNoVerdict = errors.New("the table has not shown which request won the id")
	// ErrStopping is returned once Run's context is done: the gateway takes
	// no new work, and calls still waiting at the shutdown deadline fail with
	// it.
	ErrStopping = errors.New("actor layer is stopping")
	// ErrActorFailed is returned to the one request whose handling panicked.
	// The actor is restarted by its supervisor; other requests and other ids
	// are unaffected. A retry with the same id is safe.
	ErrActorFailed = errors.New("actor failed while handling the request")
	// ErrInvalidRequest is returned for an event without an id or a
	// fingerprint, that is, one not built by domain.NewTransactionRequested or
	// domain.NewConversionRequest.
	ErrInvalidRequest = errors.New("invalid request")
	// ErrInvalidConfig is returned by Config.Validate and New.
	ErrInvalidConfig = errors.New("invalid actors config")
	// ErrShutdownTimeout is returned by Run when actors were still busy at
	// Config.ShutdownTimeout; their callers were failed with ErrStopping.
	ErrShutdownTimeout = errors.New("actors still busy at the shutdown deadline")
)

// ConflictError says which id was reused with another body and what is known
// of the original. Transaction (or Conversion, for a conversion id) is nil
// when this process accepted the original but the table has not shown it yet.
type ConflictError struct {
	Kind        Kind
	ID          string
	Transaction *domain.Transaction
	Conversion  *domain.Conversion
}

func (e *ConflictError) Error() string {
	return fmt.Sprintf("%s %s: %v", e.Kind, e.ID, ErrConflict)
}

// Is makes errors.Is(err, ErrConflict) hold.
func (e *ConflictError) Is(target error) bool { return target == ErrConflict }

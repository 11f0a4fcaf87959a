package edge

import (
	"context"
	"encoding/json"

	"github.com/txstream/txstream/domain"
)

// Transactions is the write side: the per-transaction actors
// (actors.Gateway satisfies it as it is). Its errors are mapped to catalog codes by
// Config.Classify.
type Transactions interface {
	// SubmitTransaction returns once Kafka acknowledged ev, or with an error
	// (conflict, overloaded, unavailable, stopping). The edge bounds ctx by
	// Config.SubmitTimeout.
	SubmitTransaction(ctx context.Context, ev domain.TransactionRequested) (domain.Submitted, error)
	// SubmitConversion is SubmitTransaction for POST /convert.
	SubmitConversion(ctx context.Context, req domain.ConversionRequest) (domain.Submitted, error)
	// Wait blocks until transaction id reaches a terminal status and returns
	// it, or returns ctx.Err() when ctx ends first. It must not create the
	// transaction. The edge bounds ctx by the client's ?wait (at most
	// Config.WaitMax) and ends it when the server shuts down.
	Wait(ctx context.Context, id string) (*domain.Transaction, error)
	// WaitNewer is Wait for any change: it returns once transaction id
	// has a version newer than after (or is terminal), else when ctx ends
	// with the latest state it knows (nil while the id is unknown), with
	// a nil error or ctx's. It must not create the transaction.
	WaitNewer(ctx context.Context, id string, after int64) (*domain.Transaction, error)
	// Pending reports whether a conversion with this id was submitted and
	// its result is not known yet.
	Pending(conversionID string) bool
}

// Tables is the read side: the goka views and the status-log index. A nil
// record with a nil error means the id is unknown. Errors are mapped by
// Config.Classify, else answered as tables_unavailable (503).
type Tables interface {
	Transaction(id string) (*domain.Transaction, error)
	Conversion(id string) (*domain.Conversion, error)
	Rates() ([]domain.Rate, error)
	// Rate reads the rate of one currency, for PUT /rates/{code} to tell
	// whether the table would apply a new one.
	Rate(code string) (*domain.Rate, error)
	// Log lists status-log entries; a cursor it cannot read should give an
	// error that Classify maps to CodeInvalidCursor.
	Log(q domain.LogQuery) (domain.LogPage, error)
	History(id string) (*domain.StatusLog, error)
	// Ready reports whether the views have recovered; /readyz follows it.
	Ready() bool
}

// Cache is the read-through cache of GET /transactions/{id} (satisfied by
// *cache.Cache): Get answers from Redis or says to read the table, Fill
// writes what the table said, FollowFeed makes it distrust entries from
// before the change feed is live. It never fails a read.
type Cache interface {
	Get(ctx context.Context, id string) (json.RawMessage, bool)
	Fill(ctx context.Context, id string, version int64, raw []byte)
	// FillAll is Fill for n transactions in one round trip, entry(i)
	// giving the i-th: a batch's as-received records.
	FillAll(ctx context.Context, n int, entry func(i int) (id string, version int64, raw []byte))
	FollowFeed(live func() bool)
}

// RateSetter produces a rate to the rates topic and returns once Kafka
// acknowledged it.
type RateSetter interface {
	SetRate(ctx context.Context, r domain.Rate) error
}

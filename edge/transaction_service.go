package edge

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/segmentio/encoding/json"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/auth"
	"github.com/valyala/fasthttp"
)

const (
	routeTransactions = "/transactions"
	routeTransaction  = "/transactions/{id}"
	// routeTransactionsBatch is static, so the router prefers it to
	// {id} for a POST; a GET or PUT of /transactions/batch is the
	// transaction whose id is "batch".
	routeTransactionsBatch = "/transactions/batch"
)

// transactionService is the Transaction Service (:5001).
type transactionService struct {
	*Server
	txs    Transactions
	tables Tables
	cache  Cache
}

// NewTransactionService builds the Transaction Service: POST /transactions,
// POST /transactions/batch, PUT and GET /transactions/{id}, GET
// /transactions/{id}/events. cache may be
// nil: reads then go to the table.
func NewTransactionService(cfg Config, txs Transactions, tables Tables, cache Cache) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if txs == nil || tables == nil {
		return nil, fmt.Errorf("%w: the transaction service needs Transactions and Tables", ErrInvalidConfig)
	}
	cfg = cfg.withDefaults()
	t := &transactionService{Server: newServer(ServiceTransaction, cfg.TransactionAddr, cfg), txs: txs, tables: tables, cache: cache}
	t.addReadiness(tables.Ready)
	if cache != nil {
		cache.FollowFeed(tables.Ready)
	}
	t.router.add(http.MethodPost, routeTransactions, auth.TransactionsWrite, t.create, false)
	t.router.add(http.MethodPost, routeTransactionsBatch, auth.TransactionsWrite, t.createBatch, false)
	t.router.add(http.MethodPut, routeTransaction, auth.TransactionsWrite, t.put, false)
	t.largeBody = routeTransactionsBatch
	t.router.add(http.MethodGet, routeTransaction, auth.TransactionsRead, t.get, false).waits = t.waits
	t.router.add(http.MethodGet, routeTransactionEvents, auth.TransactionsRead, t.transactionEvents, false).stream = true
	return t.Server, nil
}

// createdAnswer is the body of a 201; "status" is the seed's member.
type createdAnswer struct {
	Status      string              `json:"status"`
	Transaction *domain.Transaction `json:"transaction"`
}

// create answers 201 only once the actor reports Kafka's acknowledgement
// (and, with verdicts, that the table shows this body won the id).
func (t *transactionService) create(ctx *fasthttp.RequestCtx, _ string) {
	if err := requireJSON(ctx); err != nil {
		writeError(ctx, err, 0)
		return
	}
	ev, err := DecodeTransaction(ctx.PostBody(), t.cfg.Now())
	if err != nil {
		writeError(ctx, err, 0)
		return
	}
	t.noteID(ctx, ev.ID)
	t.submit(ctx, routeTransactions, ev)
}

// put is create with the id in the path, where a load balancer can hash
// it; the body may leave the id out. The answers are create's.
func (t *transactionService) put(ctx *fasthttp.RequestCtx, id string) {
	if err := pathID(id); err != nil {
		writeError(ctx, err, 0)
		return
	}
	if err := requireJSON(ctx); err != nil {
		writeError(ctx, err, 0)
		return
	}
	ev, err := DecodeTransactionFor(id, ctx.PostBody(), t.cfg.Now())
	if err != nil {
		writeError(ctx, err, 0)
		return
	}
	t.submit(ctx, routeTransaction, ev)
}

// submit hands ev to its id's actor and answers 201, marked as a replay
// when the id was accepted before with the same body.
func (t *transactionService) submit(ctx *fasthttp.RequestCtx, route string, ev domain.TransactionRequested) {
	sctx, cancel := t.verdictContext()
	defer cancel()
	res, err := t.txs.SubmitTransaction(sctx, ev)
	if err != nil {
		t.failWrite(ctx, route, err)
		return
	}
	tx := t.shown(res, ev)
	if res.Replayed {
		ctx.Response.Header.Set("Idempotent-Replayed", "true")
	}
	ctx.Response.Header.Set("Location", routeTransactions+"/"+ev.ID)
	writeJSON(ctx, http.StatusCreated, createdAnswer{Status: "Transaction created", Transaction: tx})
}

// shown is the record of an accepted ev, remembered in the cache when
// it is a new one (created).
func (t *transactionService) shown(res domain.Submitted, ev domain.TransactionRequested) *domain.Transaction {
	tx, fresh := created(res, ev)
	if fresh {
		t.remember(tx)
	}
	return tx
}

// created is the record a 201 shows for ev: the table's when the actor
// knew it (with verdicts, always for a new id), else the as-received
// record. fresh tells a new id's 201 from a replay's: its record goes to
// the cache, since the views of other processes may not show it yet and a
// GET there right after the 201 must find it. A replay's record is the
// table's, which GETs already read and fill.
func created(res domain.Submitted, ev domain.TransactionRequested) (tx *domain.Transaction, fresh bool) {
	if res.Transaction == nil {
		return asReceived(ev), true
	}
	return res.Transaction, !res.Replayed
}

// remember puts a new id's record (the table's with verdicts, else the
// as-received one) into the cache, so that a GET on any process right
// after the 201 finds it, as the seed's clients expect (the seed wrote
// Redis before answering). The
// write is versioned: the processors' newer versions replace it, and it
// never replaces them. Under --cache-writes read (dev's one process) the
// cache leaves it out: no other process's view can lag behind this one.
func (t *transactionService) remember(tx *domain.Transaction) {
	if t.cache == nil {
		return
	}
	raw, err := json.Marshal(tx)
	if err != nil {
		return
	}
	t.cache.Fill(t.hard, tx.ID, tx.Version, raw)
}

// asReceived is the record the transactions processor makes of ev, shown
// while the table does not have it yet.
func asReceived(ev domain.TransactionRequested) *domain.Transaction {
	change := domain.StatusChange{Version: 1, Status: domain.StatusReceived, At: ev.ReceivedAt}
	return &domain.Transaction{
		Schema: domain.SchemaVersion, ID: ev.ID, Amount: ev.Amount, Currency: ev.Currency,
		TargetCurrency: ev.TargetCurrency, Metadata: ev.Metadata, Fingerprint: ev.Fingerprint,
		Status: domain.StatusReceived, Version: 1, CreatedAt: ev.ReceivedAt, UpdatedAt: ev.ReceivedAt,
		History: []domain.StatusChange{change},
	}
}

// get answers the transaction from the cache or the table; with ?wait= it
// first waits for a terminal status.
func (t *transactionService) get(ctx *fasthttp.RequestCtx, id string) {
	if err := pathID(id); err != nil {
		writeError(ctx, err, 0)
		return
	}
	q, err := parseQuery(ctx.QueryArgs(), "wait")
	if err != nil {
		writeError(ctx, err, 0)
		return
	}
	wait, err := parseWait(q["wait"], t.cfg.WaitMax)
	if err != nil {
		writeError(ctx, err, 0)
		return
	}
	if wait > 0 {
		t.getWaiting(ctx, id, wait)
		return
	}
	raw, err := t.read(id)
	t.answerTransaction(ctx, raw, err)
}

// waits reports whether a GET /transactions/{id} is a long poll. One
// with a ?wait= that parseWait refuses is not: get answers it at once.
func (t *transactionService) waits(ctx *fasthttp.RequestCtx) bool {
	wait, err := parseWait(string(ctx.QueryArgs().Peek("wait")), t.cfg.WaitMax)
	return err == nil && wait > 0
}

// read returns the JSON of transaction id (nil when unknown): Redis first,
// then the table, filling Redis with what the table said.
func (t *transactionService) read(id string) (json.RawMessage, error) {
	if t.cache != nil {
		if raw, ok := t.cache.Get(t.hard, id); ok {
			return raw, nil
		}
	}
	tx, err := t.tables.Transaction(id)
	if err != nil || tx == nil {
		return nil, err
	}
	raw, err := json.Marshal(tx)
	if err != nil {
		return nil, fmt.Errorf("encode transaction %s: %w", id, err)
	}
	if t.cache != nil {
		t.cache.Fill(t.hard, tx.ID, tx.Version, raw)
	}
	return raw, nil
}

// getWaiting is the long poll: the table is read directly (the cache may
// lag), the actor is asked to wait for the terminal status, and at the
// deadline, or on shutdown, the current state is the answer.
func (t *transactionService) getWaiting(ctx *fasthttp.RequestCtx, id string, wait time.Duration) {
	tx, err := t.tables.Transaction(id)
	if err != nil || (tx != nil && tx.Status.Terminal()) {
		t.answerRecord(ctx, tx, err)
		return
	}
	wctx, cancel := context.WithTimeout(t.soft, wait)
	done, err := t.txs.Wait(wctx, id)
	cancel()
	switch {
	case err == nil && done != nil:
		t.answerRecord(ctx, done, nil)
	case err == nil || errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled):
		tx, err = t.tables.Transaction(id)
		t.answerRecord(ctx, tx, err)
	default:
		t.fail(ctx, routeTransaction, err, CodeInternal)
	}
}

func (t *transactionService) answerRecord(ctx *fasthttp.RequestCtx, tx *domain.Transaction, err error) {
	var raw json.RawMessage
	if err == nil && tx != nil {
		raw, err = json.Marshal(tx)
	}
	t.answerTransaction(ctx, raw, err)
}

// answerTransaction writes {"transaction": raw}, the seed's shape.
func (t *transactionService) answerTransaction(ctx *fasthttp.RequestCtx, raw json.RawMessage, err error) {
	switch {
	case err != nil:
		t.fail(ctx, routeTransaction, err, CodeTablesUnavailable)
	case raw == nil:
		writeProblem(ctx, CodeTransactionNotFound, "id", "no transaction has this id", 0)
	default:
		body := make([]byte, 0, len(raw)+16)
		body = append(body, `{"transaction":`...)
		body = append(body, raw...)
		body = append(body, '}')
		writeRaw(ctx, http.StatusOK, body)
	}
}

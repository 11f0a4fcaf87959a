package edge

import (
	"context"
	"errors"
	"net/http"
	"runtime/debug"
	"sync"

	"github.com/segmentio/encoding/json"
	"github.com/valyala/fasthttp"

	"github.com/txstream/txstream/domain"
)

// itemResult is the answer for one item of a batch: what a POST
// /transactions of that item alone would have answered, as a status, the
// replay mark (Idempotent-Replayed) and, for a refused item, its problem.
type itemResult struct {
	ID       string   `json:"id,omitempty"`
	Status   int      `json:"status"`
	Replayed bool     `json:"replayed,omitempty"`
	Problem  *Problem `json:"problem,omitempty"`
}

// batchAnswer is the body of a batch's 200: one result per item, in the
// order of the request.
type batchAnswer struct {
	Results []itemResult `json:"results"`
}

// createBatch answers POST /transactions/batch once every item is settled:
// refused by its decoder, or answered by its id's actor, which for an
// accepted item means acknowledged by Kafka. A malformed envelope refuses
// the whole request before any item reaches an actor.
//
// Each item goes through Transactions.SubmitTransaction, the very call of
// a POST, so a batch and a single POST of one id meet in the id's actor
// and cannot both win. The items of different ids are submitted at once,
// so their records reach the producer together and its client packs them
// into one produce request per partition as far as its requests in flight
// allow (DESIGN.md, "Batches"). Items of one id are submitted one after
// the other, in request order: the second is then a replay or a conflict
// of the first, as it would be sent alone after it.
func (t *transactionService) createBatch(ctx *fasthttp.RequestCtx, _ string) {
	if err := requireJSON(ctx); err != nil {
		writeError(ctx, err, 0)
		return
	}
	raws, err := DecodeBatch(ctx.PostBody(), t.cfg.MaxBatch)
	if err != nil {
		writeError(ctx, err, 0)
		return
	}
	results := make([]itemResult, len(raws))
	evs, byID := t.decodeItems(raws, results)
	received := t.submitBatch(evs, byID, results)
	t.rememberAll(received)
	t.noteBatch(ctx, results)
	writeJSON(ctx, http.StatusOK, batchAnswer{Results: results})
}

// decodeItems decodes each item as a POST body; a refused item gets its
// result here. It returns the events by item index and, for each id, the
// indexes of its items in request order.
func (t *transactionService) decodeItems(raws [][]byte, results []itemResult) ([]domain.TransactionRequested, map[string][]int) {
	now := t.cfg.Now()
	evs := make([]domain.TransactionRequested, len(raws))
	byID := make(map[string][]int, len(raws))
	for i, raw := range raws {
		var err error
		if len(raw) > t.cfg.MaxBodyBytes {
			err = requestError(CodeBodyTooLarge, "", "the item is larger than a POST /transactions body may be")
		} else {
			evs[i], err = DecodeTransaction(raw, now)
		}
		if err != nil {
			results[i] = refusedItem(itemID(raw), err)
			continue
		}
		byID[evs[i].ID] = append(byID[evs[i].ID], i)
	}
	return evs, byID
}

// refusedItem is the result of an item its decoder refused.
func refusedItem(id string, err error) itemResult {
	re := &RequestError{Code: CodeInternal}
	errors.As(err, &re)
	p := newProblem(re.Code, re.Field, re.Detail, "")
	return itemResult{ID: id, Status: p.Status, Problem: &p}
}

// submitBatch submits the decoded items, one goroutine per id, all
// under one submit deadline, and returns when every one is answered, with
// the records of the new ids for the cache (an id's may come twice, from
// an item and its replay: the versioned cache write keeps one).
func (t *transactionService) submitBatch(evs []domain.TransactionRequested, byID map[string][]int, results []itemResult) []*domain.Transaction {
	sctx, cancel := t.verdictContext()
	defer cancel()
	var mu sync.Mutex
	var received []*domain.Transaction
	var wg sync.WaitGroup
	for _, idx := range byID {
		wg.Go(func() {
			for _, i := range idx {
				var tx *domain.Transaction
				results[i], tx = t.submitItem(sctx, evs[i])
				if tx != nil {
					mu.Lock()
					received = append(received, tx)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
	return received
}

// submitItem is submit's work for one item: its answer as a result, and
// the record of a new id for the cache (created). A panic
// fails the item, as handle's recovery fails a POST: it runs on a
// goroutine of the batch, where nothing else would recover it.
func (t *transactionService) submitItem(ctx context.Context, ev domain.TransactionRequested) (r itemResult, tx *domain.Transaction) {
	defer func() {
		if v := recover(); v != nil {
			t.log.Error("panic while submitting a batch item", "service", t.service, "id", ev.ID, "panic", v, "stack", string(debug.Stack()))
			p := newProblem(CodeInternal, "", failureDetail(CodeInternal), "")
			r, tx = itemResult{ID: ev.ID, Status: p.Status, Problem: &p}, nil
		}
	}()
	res, err := t.txs.SubmitTransaction(ctx, ev)
	if err != nil {
		code := t.noteFailure(routeTransactionsBatch, err, t.cfg.classifyWrite(err))
		p := newProblem(code, "", failureDetail(code), "")
		return itemResult{ID: ev.ID, Status: p.Status, Problem: &p}, nil
	}
	if shown, fresh := created(res, ev); fresh {
		tx = shown
	}
	return itemResult{ID: ev.ID, Status: http.StatusCreated, Replayed: res.Replayed}, tx
}

// rememberAll is remember for a batch's records, in one round trip to
// Redis: a GET right after the batch's 200 finds each, as after a POST.
func (t *transactionService) rememberAll(txs []*domain.Transaction) {
	if t.cache == nil || len(txs) == 0 {
		return
	}
	raws := make([][]byte, 0, len(txs))
	kept := txs[:0]
	for _, tx := range txs {
		if raw, err := json.Marshal(tx); err == nil {
			raws, kept = append(raws, raw), append(kept, tx)
		}
	}
	t.cache.FillAll(t.hard, len(kept), func(i int) (string, int64, []byte) { return kept[i].ID, kept[i].Version, raws[i] })
}

// noteBatch reports the batch to the Observer and leaves its results for
// the audit line of each item.
func (t *transactionService) noteBatch(ctx *fasthttp.RequestCtx, results []itemResult) {
	var n BatchCounts
	for _, r := range results {
		switch {
		case r.Status == http.StatusCreated && r.Replayed:
			n.Replayed++
		case r.Status == http.StatusCreated:
			n.Created++
		default:
			n.Refused++
		}
	}
	t.cfg.Observer.Batch(t.service, n)
	if t.auditing() {
		ctx.SetUserValue(auditBatchKey, results)
	}
}

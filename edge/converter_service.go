package edge

import (
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/auth"
	"github.com/valyala/fasthttp"
)

const (
	routeConvert    = "/convert"
	routeConversion = "/convert/{id}"
	routeRates      = "/rates"
	routeRate       = "/rates/{code}"
)

// converterService is the Value Converter Service (:5002). Reference-rate
// files are not uploaded over HTTP: the importer reads them where the
// operator runs it and produces each rate to the rates topic, the same
// path PUT /rates/{code} takes.
type converterService struct {
	*Server
	txs    Transactions
	tables Tables
	rates  RateSetter
}

// NewConverterService builds the Value Converter Service: POST /convert,
// GET /convert/{id}, GET /rates and PUT /rates/{code}.
func NewConverterService(cfg Config, txs Transactions, tables Tables, rates RateSetter) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if txs == nil || tables == nil || rates == nil {
		return nil, fmt.Errorf("%w: the converter service needs Transactions, Tables and a RateSetter", ErrInvalidConfig)
	}
	cfg = cfg.withDefaults()
	c := &converterService{Server: newServer(ServiceConverter, cfg.ConverterAddr, cfg), txs: txs, tables: tables, rates: rates}
	c.addReadiness(tables.Ready)
	c.router.add(http.MethodPost, routeConvert, auth.ConversionsWrite, c.convert, false)
	c.router.add(http.MethodGet, routeConversion, auth.ConversionsRead, c.conversion, false)
	c.router.add(http.MethodGet, routeRates, auth.ConversionsRead, c.listRates, false)
	c.router.add(http.MethodPut, routeRate, auth.RatesWrite, c.setRate, false)
	return c.Server, nil
}

// sentAnswer is the body of POST /convert; "status" is the seed's member.
type sentAnswer struct {
	Status     string                   `json:"status"`
	ID         string                   `json:"id"`
	Conversion domain.ConversionRequest `json:"conversion"`
}

// convert answers 200 (the seed's code) once Kafka acknowledged the request.
func (c *converterService) convert(ctx *fasthttp.RequestCtx, _ string) {
	if err := requireJSON(ctx); err != nil {
		writeError(ctx, err, 0)
		return
	}
	req, err := DecodeConversion(ctx.PostBody(), c.cfg.Now())
	if err != nil {
		writeError(ctx, err, 0)
		return
	}
	c.noteID(ctx, req.ID)
	sctx, cancel := c.submitContext()
	defer cancel()
	res, err := c.txs.SubmitConversion(sctx, req)
	if err != nil {
		c.failWrite(ctx, routeConvert, err)
		return
	}
	if res.Replayed {
		ctx.Response.Header.Set("Idempotent-Replayed", "true")
	}
	ctx.Response.Header.Set("Location", routeConvert+"/"+req.ID)
	writeJSON(ctx, http.StatusOK, sentAnswer{Status: "Conversion request sent", ID: req.ID, Conversion: req})
}

// conversion answers the result. Pending is 200 with "status":"pending"
// and "converted_value":null, not 202: the seed's clients read 200 as the
// only success, and the status member tells pending, completed and failed
// apart. An id never submitted is 404 conversion_not_found.
func (c *converterService) conversion(ctx *fasthttp.RequestCtx, id string) {
	if !plainIDRequest(ctx, id) {
		return
	}
	conv, err := c.tables.Conversion(id)
	if err != nil {
		c.fail(ctx, routeConversion, err, CodeTablesUnavailable)
		return
	}
	if conv != nil {
		writeJSON(ctx, http.StatusOK, resultOf(conv))
		return
	}
	pending, err := c.pending(id)
	switch {
	case err != nil:
		c.fail(ctx, routeConversion, err, CodeTablesUnavailable)
	case pending:
		ctx.Response.Header.Set("Retry-After", retrySeconds(c.cfg.RetryAfter))
		writeJSON(ctx, http.StatusOK, pendingResult(id))
	default:
		writeProblem(ctx, CodeConversionNotFound, "id", "no conversion has this id", 0)
	}
}

// pending: the actor knows the request is in flight, or the transaction of
// the same id waits for its conversion.
func (c *converterService) pending(id string) (bool, error) {
	if c.txs.Pending(id) {
		return true, nil
	}
	tx, err := c.tables.Transaction(id)
	if err != nil || tx == nil {
		return false, err
	}
	return tx.Status == domain.StatusConverting, nil
}

// ratesAnswer is the body of GET /rates.
type ratesAnswer struct {
	Base  string        `json:"base"`
	Rates []domain.Rate `json:"rates"`
}

func (c *converterService) listRates(ctx *fasthttp.RequestCtx, _ string) {
	if _, err := parseQuery(ctx.QueryArgs()); err != nil {
		writeError(ctx, err, 0)
		return
	}
	rates, err := c.tables.Rates()
	if err != nil {
		c.fail(ctx, routeRates, err, CodeTablesUnavailable)
		return
	}
	sorted := append(make([]domain.Rate, 0, len(rates)), rates...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].Currency < sorted[j].Currency })
	writeJSON(ctx, http.StatusOK, ratesAnswer{Base: domain.BaseCurrency, Rates: sorted})
}

// rateSetAnswer is the body of PUT /rates/{code}.
type rateSetAnswer struct {
	Status string      `json:"status"`
	Rate   domain.Rate `json:"rate"`
}

// setRate answers 200 once Kafka acknowledged the rate; the rates table
// (and GET /rates) follows shortly after. A rate the table would not apply
// is 409 with the rate in force (see superseding), never "Rate set".
func (c *converterService) setRate(ctx *fasthttp.RequestCtx, code string) {
	if err := requireJSON(ctx); err != nil {
		writeError(ctx, err, 0)
		return
	}
	now := c.cfg.Now()
	r, err := DecodeRate(code, ctx.PostBody(), now)
	if err != nil {
		writeError(ctx, err, 0)
		return
	}
	inForce, err := c.superseding(r, now)
	if err != nil {
		c.fail(ctx, routeRate, err, CodeTablesUnavailable)
		return
	}
	if inForce != nil {
		writeSuperseded(ctx, r, *inForce)
		return
	}
	sctx, cancel := c.submitContext()
	defer cancel()
	if err := c.rates.SetRate(sctx, r); err != nil {
		c.failWrite(ctx, routeRate, err)
		return
	}
	writeJSON(ctx, http.StatusOK, rateSetAnswer{Status: "Rate set", Rate: r})
}

// superseding returns the rate in force when the rates table would not
// apply r (domain.Rate.Replaces, which the rates processor decides with),
// and nil when it would. It reads the edge's view of the table, which
// follows the table a moment behind: a PUT sent while a newer one is on
// its way (concurrently, or just before and not yet applied) can still be
// answered 200 and then be ignored by the table; GET /rates tells which
// rate won. Nothing is lost either way: the newer rate is in force.
func (c *converterService) superseding(r domain.Rate, now time.Time) (*domain.Rate, error) {
	stored, err := c.tables.Rate(r.Currency)
	if err != nil || stored == nil || r.Replaces(*stored, now) {
		return nil, err
	}
	return stored, nil
}

// supersededProblem is the 409 of a rate older than the one in force: the
// catalog's problem and the rate in force as an extension member.
type supersededProblem struct {
	Problem
	RateInForce domain.Rate `json:"rate_in_force"`
}

func writeSuperseded(ctx *fasthttp.RequestCtx, r, inForce domain.Rate) {
	detail := fmt.Sprintf("the rates table keeps %s of %s, which a rate of %s does not replace; set one of %s or later",
		inForce.Currency, inForce.Date, r.Date, inForce.Date)
	p := newProblem(CodeRateSuperseded, "date", detail, string(ctx.URI().PathOriginal()))
	sendProblem(ctx, p, supersededProblem{Problem: p, RateInForce: inForce}, 0)
}

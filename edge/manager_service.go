package edge

import (
	"fmt"
	"net/http"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/auth"
	"github.com/valyala/fasthttp"
	"github.com/valyala/fasthttp/fasthttpadaptor"
)

const (
	routeLog     = "/transactions/log"
	routeHistory = "/transactions/{id}/log"
)

// managerService is the Transaction Manager Service (:5003).
type managerService struct {
	*Server
	tables   Tables
	webhooks Webhooks // nil: no webhook routes
}

// NewManagerService builds the Transaction Manager Service: GET
// /transactions/log and GET /transactions/{id}/log, GET /transactions/events
// when Config.Events is set, the webhook routes when Config.Webhooks is
// set, and the pages of goka's monitor and of the console when they are
// configured.
func NewManagerService(cfg Config, tables Tables) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if tables == nil {
		return nil, fmt.Errorf("%w: the manager service needs Tables", ErrInvalidConfig)
	}
	cfg = cfg.withDefaults()
	m := &managerService{Server: newServer(ServiceManager, cfg.ManagerAddr, cfg), tables: tables, webhooks: cfg.Webhooks}
	m.addReadiness(tables.Ready)
	m.router.add(http.MethodGet, routeLog, auth.LogRead, m.log, false)
	m.router.add(http.MethodGet, routeHistory, auth.LogRead, m.history, false)
	m.addEventsRoute()
	if m.webhooks != nil {
		m.webhookRoutes()
	}
	if cfg.Monitor != nil {
		mount := fasthttpadaptor.NewFastHTTPHandler(cfg.Monitor)
		m.router.add(http.MethodGet, cfg.MonitorPrefix+"/"+mountSegment, auth.Ops, func(ctx *fasthttp.RequestCtx, _ string) { mount(ctx) }, true)
	}
	if cfg.Console != nil {
		mount := fasthttpadaptor.NewFastHTTPHandler(cfg.Console)
		serve := func(ctx *fasthttp.RequestCtx, _ string) { mount(ctx) }
		m.router.add(http.MethodGet, cfg.ConsolePrefix+"/"+mountSegment, scopeSelf, serve, false)
		m.router.add(http.MethodPost, cfg.ConsolePrefix+"/"+mountSegment, scopeSelf, serve, false)
	}
	return m.Server, nil
}

// log answers the seed's shape, a JSON array of entries; the next page is
// in the Link header, so the body stays an array.
func (m *managerService) log(ctx *fasthttp.RequestCtx, _ string) {
	q, err := parseLogQuery(ctx.QueryArgs(), m.cfg.LogLimitDefault, m.cfg.LogLimitMax)
	if err != nil {
		writeError(ctx, err, 0)
		return
	}
	page, err := m.tables.Log(q)
	if err != nil {
		m.fail(ctx, routeLog, err, CodeTablesUnavailable)
		return
	}
	if page.Next != "" {
		ctx.Response.Header.Set("Link", nextLink(q, page.Next))
	}
	writeJSON(ctx, http.StatusOK, nonNil(page.Entries))
}

// history answers the status changes of one transaction, in version order,
// in the same entry shape as the listing.
func (m *managerService) history(ctx *fasthttp.RequestCtx, id string) {
	if !plainIDRequest(ctx, id) {
		return
	}
	h, err := m.tables.History(id)
	switch {
	case err != nil:
		m.fail(ctx, routeHistory, err, CodeTablesUnavailable)
	case h == nil:
		writeProblem(ctx, CodeTransactionNotFound, "id", "no transaction has this id", 0)
	default:
		writeJSON(ctx, http.StatusOK, entriesOf(h))
	}
}

func entriesOf(h *domain.StatusLog) []domain.LogEntry {
	out := make([]domain.LogEntry, 0, len(h.Entries))
	for _, e := range h.Entries {
		out = append(out, domain.LogEntry{TransactionID: h.TransactionID, Status: e.Status, Reason: e.Reason, Version: e.Version, At: e.At})
	}
	return out
}

func nonNil(entries []domain.LogEntry) []domain.LogEntry {
	if entries == nil {
		return []domain.LogEntry{}
	}
	return entries
}

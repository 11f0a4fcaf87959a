package edge

import (
	"context"
	"log/slog"

	"github.com/valyala/fasthttp"

	"github.com/txstream/txstream/edge/auth"
)

// auditIDKey is the user value under which a write's handler leaves the
// id of the request's body (noteID), for the audit line.
const auditIDKey = "txstream.edge.audit.id"

// auditBatchKey is the user value under which a batch leaves its results
// (noteBatch): a batch is audited one line per item, as its items would be
// alone, so that "who wrote this id" has one answer whichever route wrote
// it.
const auditBatchKey = "txstream.edge.audit.batch"

// auditing reports whether audit lines are written: the logger takes
// info. Handlers ask before they note an id, so that a process without
// a logger pays nothing for the audit.
func (s *Server) auditing() bool { return s.log.Enabled(context.Background(), slog.LevelInfo) }

// noteID leaves the id a write's body names for its audit line.
func (s *Server) noteID(ctx *fasthttp.RequestCtx, id string) {
	if s.auditing() {
		ctx.SetUserValue(auditIDKey, id)
	}
}

// audit writes the one audit line of a write (a route with a :write
// scope), at info on Config.Logger: the key's name and key id (never the
// key: auth.Principal logs those two only), the route template, the id
// where the request names one, and the answer's status. Writes refused
// before a key was known (401) are not audited: Observer.Denied counts
// them, and a line each would let anyone fill the log.
func (s *Server) audit(ctx *fasthttp.RequestCtx, rt *route, p auth.Principal, param string) {
	if (s.cfg.Auth != nil && p.Name == "") || !s.auditing() {
		return
	}
	attrs := make([]slog.Attr, 0, 8)
	attrs = append(attrs, slog.String("service", string(s.service)))
	if p.Name != "" {
		attrs = append(attrs, slog.Any("key", p))
	} else {
		attrs = append(attrs, slog.String("key", "anonymous"))
	}
	attrs = append(attrs, slog.String("method", rt.method), slog.String("route", rt.pattern))
	if results, ok := ctx.UserValue(auditBatchKey).([]itemResult); ok {
		s.auditItems(attrs, results)
		return
	}
	if id, ok := ctx.UserValue(auditIDKey).(string); ok {
		attrs = append(attrs, slog.String("id", id))
	}
	if rt.param != "" {
		attrs = append(attrs, slog.String(rt.param, param))
	}
	attrs = append(attrs, slog.Int("status", ctx.Response.StatusCode()))
	s.log.LogAttrs(context.Background(), slog.LevelInfo, "audit", attrs...)
}

// auditItems writes the audit line of each item of a batch: the common
// attributes, the item's index and id (when it names one) and the status
// it got.
func (s *Server) auditItems(common []slog.Attr, results []itemResult) {
	n := len(common)
	for i, r := range results {
		attrs := append(common[:n:n], slog.Int("item", i))
		if r.ID != "" {
			attrs = append(attrs, slog.String("id", r.ID))
		}
		attrs = append(attrs, slog.Int("status", r.Status))
		s.log.LogAttrs(context.Background(), slog.LevelInfo, "audit", attrs...)
	}
}

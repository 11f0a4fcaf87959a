package edge

import (
	"net/url"
	"strconv"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/valyala/fasthttp"
)

// maxCursorBytes bounds the opaque cursor a client sends back.
const maxCursorBytes = 512

// logParams are the query parameters of GET /transactions/log.
var logParams = []string{"status", "from", "to", "limit", "cursor", "order"}

// The values of ?order=: oldest first (the seed's order, the default) or
// newest first.
const (
	orderOldest = "oldest"
	orderNewest = "newest"
)

// parseLogQuery reads ?status=&from=&to=&limit=&cursor=&order=. Times are
// RFC 3339 (fractions allowed) and are kept in UTC; limit is 1 or more and
// is cut to max; absent, it is def.
func parseLogQuery(args *fasthttp.Args, def, max int) (domain.LogQuery, error) {
	params, err := parseQuery(args, logParams...)
	if err != nil {
		return domain.LogQuery{}, err
	}
	q := domain.LogQuery{Status: domain.Status(params["status"]), Cursor: params["cursor"], Limit: def}
	if q.Status != "" && !q.Status.Valid() {
		return domain.LogQuery{}, requestError(CodeInvalidQuery, "status", "must be one of %v", domain.Statuses)
	}
	if len(q.Cursor) > maxCursorBytes {
		return domain.LogQuery{}, requestError(CodeInvalidCursor, "cursor", "longer than %d bytes", maxCursorBytes)
	}
	if q.From, err = parseTime("from", params["from"]); err != nil {
		return domain.LogQuery{}, err
	}
	if q.To, err = parseTime("to", params["to"]); err != nil {
		return domain.LogQuery{}, err
	}
	if !q.From.IsZero() && !q.To.IsZero() && !q.From.Before(q.To) {
		return domain.LogQuery{}, requestError(CodeInvalidQuery, "from", "must be before to")
	}
	if q.Limit, err = parseLimit(params["limit"], def, max); err != nil {
		return domain.LogQuery{}, err
	}
	switch params["order"] {
	case "", orderOldest:
	case orderNewest:
		q.Newest = true
	default:
		return domain.LogQuery{}, requestError(CodeInvalidQuery, "order", "must be %s or %s", orderOldest, orderNewest)
	}
	return q, nil
}

func parseTime(name, text string) (time.Time, error) {
	if text == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return time.Time{}, requestError(CodeInvalidQuery, name, "%q is not an RFC 3339 time", shorten([]byte(text)))
	}
	t = t.UTC()
	// Offsets can move a time out of the four-digit years RFC 3339 writes.
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}, requestError(CodeInvalidQuery, name, "the year must be within 0001 to 9999 in UTC")
	}
	return t, nil
}

func parseLimit(text string, def, max int) (int, error) {
	if text == "" {
		return def, nil
	}
	n, err := strconv.Atoi(text)
	if err != nil || n < 1 {
		return 0, requestError(CodeInvalidQuery, "limit", "must be a whole number of at least 1")
	}
	return min(n, max), nil
}

// logQueryString renders q as the query of GET /transactions/log, the
// inverse of parseLogQuery; the Link header's next URL is built with it.
func logQueryString(q domain.LogQuery) string {
	v := url.Values{}
	if q.Status != "" {
		v.Set("status", string(q.Status))
	}
	if !q.From.IsZero() {
		v.Set("from", q.From.UTC().Format(time.RFC3339Nano))
	}
	if !q.To.IsZero() {
		v.Set("to", q.To.UTC().Format(time.RFC3339Nano))
	}
	if q.Limit > 0 {
		v.Set("limit", strconv.Itoa(q.Limit))
	}
	if q.Cursor != "" {
		v.Set("cursor", q.Cursor)
	}
	if q.Newest {
		v.Set("order", orderNewest)
	}
	return v.Encode()
}

// nextLink is the RFC 8288 Link header value of the next page.
func nextLink(q domain.LogQuery, next string) string {
	q.Cursor = next
	return "<" + routeLog + "?" + logQueryString(q) + `>; rel="next"`
}

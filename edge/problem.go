package edge

import (
	"errors"
	"math"
	"strconv"
	"time"

	"github.com/segmentio/encoding/json"
	"github.com/valyala/fasthttp"
)

// ProblemContentType is the media type of every error answer (RFC 9457).
const ProblemContentType = "application/problem+json"

// Problem is the body of every error answer: RFC 9457 members, the
// catalog's stable code, and the seed's "error" member (the title).
type Problem struct {
	Type     string `json:"type"`
	Title    string `json:"title"`
	Status   int    `json:"status"`
	Detail   string `json:"detail,omitempty"`
	Instance string `json:"instance,omitempty"`
	Code     Code   `json:"code"`
	Error    string `json:"error"`
	// Field names the request member or query parameter at fault.
	Field string `json:"field,omitempty"`
}

// newProblem fills a Problem from the catalog.
func newProblem(code Code, field, detail, instance string) Problem {
	code, e := Lookup(code)
	return Problem{
		Type:     problemType(code),
		Title:    e.Title,
		Status:   e.Status,
		Detail:   detail,
		Instance: instance,
		Code:     code,
		Error:    e.Title,
		Field:    field,
	}
}

// writeProblem renders code as the answer; retryAfter goes into
// Retry-After when the catalog says so.
func writeProblem(ctx *fasthttp.RequestCtx, code Code, field, detail string, retryAfter time.Duration) {
	// The path as sent: the normalized one may name a route the request
	// never reached (path.go).
	p := newProblem(code, field, detail, string(ctx.URI().PathOriginal()))
	sendProblem(ctx, p, p, retryAfter)
}

// sendProblem renders p as the answer; body is p itself or a struct that
// embeds it with extension members (RFC 9457, section 3.2).
func sendProblem(ctx *fasthttp.RequestCtx, p Problem, body any, retryAfter time.Duration) {
	data, err := json.Marshal(body)
	if err != nil { // a Problem holds only strings and an int, extensions records
		data = []byte(`{"code":"internal","error":"Internal error"}`)
	}
	ctx.Response.ResetBody()
	ctx.SetStatusCode(p.Status)
	ctx.SetContentType(ProblemContentType)
	if _, e := Lookup(p.Code); e.RetryAfter {
		ctx.Response.Header.Set("Retry-After", retrySeconds(retryAfter))
	}
	ctx.SetBody(data)
}

// writeError renders an error of the decoders or query parsers.
func writeError(ctx *fasthttp.RequestCtx, err error, retryAfter time.Duration) {
	var re *RequestError
	if errors.As(err, &re) {
		writeProblem(ctx, re.Code, re.Field, re.Detail, retryAfter)
		return
	}
	writeProblem(ctx, CodeInternal, "", "", retryAfter)
}

// retrySeconds renders Retry-After in whole seconds, at least 1.
func retrySeconds(d time.Duration) string {
	return strconv.Itoa(int(math.Max(1, math.Ceil(d.Seconds()))))
}

// writeJSON answers status with v as JSON.
func writeJSON(ctx *fasthttp.RequestCtx, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		writeProblem(ctx, CodeInternal, "", failureDetail(CodeInternal), 0)
		return
	}
	writeRaw(ctx, status, body)
}

func writeRaw(ctx *fasthttp.RequestCtx, status int, body []byte) {
	ctx.SetStatusCode(status)
	ctx.SetContentType("application/json")
	ctx.SetBody(body)
}

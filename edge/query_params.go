package edge

import (
	"strconv"
	"time"

	"github.com/valyala/fasthttp"
)

// Query parameters are strict like bodies: an unknown or repeated
// parameter is refused (invalid_query), so that a misspelt filter never
// silently widens a listing.

// queryParams collects the allowed parameters of a request by name.
type queryParams map[string]string

func parseQuery(args *fasthttp.Args, allowed ...string) (queryParams, error) {
	if args.Len() == 0 {
		return nil, nil
	}
	q := make(queryParams, args.Len())
	for key, value := range args.All() {
		name := allowedName(key, allowed)
		if name == "" {
			return nil, requestError(CodeInvalidQuery, shorten(key), "unknown query parameter; allowed: %v", allowed)
		}
		if _, dup := q[name]; dup {
			return nil, requestError(CodeInvalidQuery, name, "the parameter is given more than once")
		}
		q[name] = string(value)
	}
	return q, nil
}

func allowedName(key []byte, allowed []string) string {
	for _, a := range allowed {
		if a == string(key) {
			return a
		}
	}
	return ""
}

// parseWait reads ?wait=: a Go duration ("5s", "750ms") or whole seconds
// ("5"). Zero or absent means no waiting; longer than max is cut to max.
func parseWait(text string, max time.Duration) (time.Duration, error) {
	if text == "" {
		return 0, nil
	}
	d, err := time.ParseDuration(text)
	if err != nil {
		secs, ierr := strconv.ParseUint(text, 10, 32)
		if ierr != nil {
			return 0, requestError(CodeInvalidQuery, "wait", "%q is not a duration such as 5s or 500ms", shorten([]byte(text)))
		}
		d = time.Duration(secs) * time.Second
	}
	if d < 0 {
		return 0, requestError(CodeInvalidQuery, "wait", "must not be negative")
	}
	return min(d, max), nil
}

// plainIDRequest checks the id of the path and that no query parameter
// came, answering the 400 itself; false when it did.
func plainIDRequest(ctx *fasthttp.RequestCtx, id string) bool {
	err := pathID(id)
	if err == nil {
		_, err = parseQuery(ctx.QueryArgs())
	}
	if err != nil {
		writeError(ctx, err, 0)
		return false
	}
	return true
}

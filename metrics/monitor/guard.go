package monitor

import (
	"net/http"
	"strconv"
	"strings"
)

// guard answers 404 for monitor pages of a processor or view index that
// does not exist, and 500 for any panic of the pages. goka's monitor
// checks its indexes with > where >= is needed, so /processor/<count>
// panics; net/http would survive that, but a fasthttp adaptor would not,
// and no request may crash a service.
func guard(monitorPrefix string, processors, views int, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !indexExists(strings.TrimPrefix(r.URL.Path, monitorPrefix), processors, views) {
			http.NotFound(w, r)
			return
		}
		defer func() {
			if recover() != nil {
				http.Error(w, "internal error", http.StatusInternalServerError)
			}
		}()
		next.ServeHTTP(w, r)
	})
}

// indexExists reports false only for /processor/{idx}, /view/{idx} and
// /data/{type}/{idx} with an idx outside the attached sources.
func indexExists(path string, processors, views int) bool {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	var kind, idx string
	switch {
	case len(parts) == 2 && (parts[0] == "processor" || parts[0] == "view"):
		kind, idx = parts[0], parts[1]
	case len(parts) == 3 && parts[0] == "data":
		kind, idx = parts[1], parts[2]
	default:
		return true
	}
	n, err := strconv.Atoi(idx)
	if err != nil {
		return true // goka answers 404 itself
	}
	limit := views
	if kind == "processor" {
		limit = processors
	}
	return n >= 0 && n < limit
}

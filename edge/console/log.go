package console

import (
	"net/http"
	"net/url"
	"time"

	"github.com/txstream/txstream/domain"
)

// logPage is the size of one page of the recent list.
const logPage = 50

// logFilter is the recent list's form, as the browser sent it.
type logFilter struct {
	Status, From, To, Cursor string
}

// The time formats the filter takes: the browser's datetime-local (read
// as UTC) and RFC 3339.
var filterTimes = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", time.RFC3339Nano}

// log lists status changes from the log index, newest first, filtered by
// status and time, a page at a time.
func (c *Console) log(w http.ResponseWriter, r *http.Request, v visitor) {
	f := logFilter{Status: r.FormValue("status"), From: r.FormValue("from"), To: r.FormValue("to"), Cursor: r.FormValue("cursor")}
	d := pageData{Title: "Status changes", Filter: f}
	q, ok := f.query()
	if !ok {
		d.Error = "The filter is not valid: a status is one of received, converting, completed, failed; a time is 2006-01-02T15:04 (UTC)."
		c.render(w, http.StatusBadRequest, "log", v, d)
		return
	}
	page, err := c.cfg.Tables.Log(q)
	if err != nil {
		c.unavailable(&d, "status log (or the cursor is not valid)", err)
	}
	d.Entries = page.Entries
	if page.Next != "" {
		d.Next = c.cfg.Prefix + "/log?" + f.with(page.Next)
	}
	c.render(w, http.StatusOK, "log", v, d)
}

func (f logFilter) query() (domain.LogQuery, bool) {
	q := domain.LogQuery{Status: domain.Status(f.Status), Cursor: f.Cursor, Limit: logPage, Newest: true}
	if q.Status != "" && !q.Status.Valid() {
		return q, false
	}
	var ok bool
	if q.From, ok = parseFilterTime(f.From); !ok {
		return q, false
	}
	if q.To, ok = parseFilterTime(f.To); !ok {
		return q, false
	}
	return q, true
}

func parseFilterTime(s string) (time.Time, bool) {
	if s == "" {
		return time.Time{}, true
	}
	for _, layout := range filterTimes {
		if t, err := time.ParseInLocation(layout, s, time.UTC); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// with is the filter's query string with cursor.
func (f logFilter) with(cursor string) string {
	q := url.Values{}
	for k, v := range map[string]string{"status": f.Status, "from": f.From, "to": f.To, "cursor": cursor} {
		if v != "" {
			q.Set(k, v)
		}
	}
	return q.Encode()
}

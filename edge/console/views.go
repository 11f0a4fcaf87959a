package console

import (
	"bytes"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/txstream/txstream/domain"
)

// pageNames are the templates, each rendered inside layout.html.
var pageNames = []string{"home", "transaction", "log", "rates", "deadletters", "webhooks", "login", "denied", "notfound"}

// views are the parsed templates, one set per page.
type views struct{ pages map[string]*template.Template }

func parseViews(Config) (*views, error) {
	funcs := template.FuncMap{"when": when, "list": statuses}
	v := &views{pages: map[string]*template.Template{}}
	for _, name := range pageNames {
		t, err := template.New("layout.html").Funcs(funcs).ParseFS(files, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("console template %s: %w", name, err)
		}
		v.pages[name] = t
	}
	return v, nil
}

// when writes a time for an operator: UTC, to the millisecond.
func when(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05.000Z")
}

// statuses are the filter's choices.
func statuses() []domain.Status {
	return []domain.Status{domain.StatusReceived, domain.StatusConverting, domain.StatusCompleted, domain.StatusFailed}
}

// pageData is what every template gets; each page fills its part.
type pageData struct {
	Title  string
	Prefix string
	V      visitor
	Login  bool // keys are asked for: a sign-out button
	Dead   bool // the dead-letter pages are served
	Hooks  bool // the webhook pages are served
	Error  string
	Scope  string // the scope a 403 names

	ID          string
	Tx          *domain.Transaction
	Conv        *domain.Conversion
	History     []domain.StatusChange
	Unavailable []string // what could not be read, for a note

	Entries []domain.LogEntry
	Filter  logFilter
	Next    string // the next page's URL

	Rates     []domain.Rate
	Letters   []DeadLetter
	Notice    string
	CanReplay bool // deadletters:write: the replay buttons

	Endpoints []endpoint
	Messages  []message // the transaction's webhook messages
	HooksRead bool      // webhooks:read: the transaction's messages are shown

	Charts, Changes bool // the home page's live parts
}

// render writes page name with d, or a 500 when the template fails (a
// bug: the templates are tested).
func (c *Console) render(w http.ResponseWriter, status int, name string, v visitor, d pageData) {
	d.Prefix, d.V, d.Login, d.Dead = c.cfg.Prefix, v, c.cfg.Auth != nil, c.cfg.DeadLetters != nil
	d.Hooks = c.cfg.Webhooks != nil
	var buf bytes.Buffer
	if err := c.views.pages[name].Execute(&buf, d); err != nil {
		c.cfg.Logger.Error("console template", "page", name, "err", err)
		http.Error(w, "the page could not be rendered", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

package monitor

import (
	"fmt"
	"net/http"
	"sort"
	"strings"

	"github.com/gorilla/mux"
	"github.com/lovoo/goka"
	"github.com/lovoo/goka/web/index"
	"github.com/lovoo/goka/web/monitor"
	"github.com/lovoo/goka/web/query"
)

// Sources are what the pages show.
type Sources struct {
	// Processors and Views appear on the monitor pages.
	Processors []*goka.Processor
	Views      []*goka.View
	// Tables can be queried by key on the query page, by name. A
	// TableView's Get fits once adapted to return any.
	Tables map[string]goka.Getter
	// Logger receives the pages' rendering errors; nil is goka's default.
	Logger goka.Logger
}

// Paths under the prefix.
const (
	MonitorPath = "/monitor" // processors and views
	QueryPath   = "/query"   // table lookups
)

// New returns a handler serving, under prefix (such as "/goka"), an index
// at prefix+"/", the monitor at prefix+MonitorPath+"/" and the query UI at
// prefix+QueryPath+"/". Requests are expected with the prefix in their
// path, as a mux that mounts the handler forwards them.
func New(prefix string, s Sources) (http.Handler, error) {
	if !strings.HasPrefix(prefix, "/") || strings.HasSuffix(prefix, "/") {
		return nil, fmt.Errorf("%w: %q", ErrPrefix, prefix)
	}
	router := mux.NewRouter()
	idx := index.NewServer(prefix, router)
	mon := monitor.NewServer(prefix+MonitorPath, router, monitorOptions(s.Logger)...)
	for _, p := range s.Processors {
		mon.AttachProcessor(p)
	}
	for _, v := range s.Views {
		mon.AttachView(v)
	}
	qry := query.NewServer(prefix+QueryPath, router, queryOptions(s.Logger)...)
	for _, name := range sortedNames(s.Tables) {
		if err := qry.AttachSource(name, s.Tables[name]); err != nil {
			return nil, fmt.Errorf("%w: %w", ErrDuplicateTable, err)
		}
	}
	idx.AddComponent(mon, "Monitor")
	idx.AddComponent(qry, "Query")
	return guard(prefix+MonitorPath, len(s.Processors), len(s.Views), router), nil
}

func monitorOptions(l goka.Logger) []monitor.Option {
	if l == nil {
		return nil
	}
	return []monitor.Option{monitor.WithLogger(l)}
}

func queryOptions(l goka.Logger) []query.Option {
	if l == nil {
		return nil
	}
	return []query.Option{query.WithLogger(l)}
}

func sortedNames(m map[string]goka.Getter) []string {
	names := make([]string, 0, len(m))
	for name := range m {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

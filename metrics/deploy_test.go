package metrics

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

const (
	dashboardFile = "../deploy/grafana/dashboards/txstream.json"
	rulesGlob     = "../deploy/prometheus/rules/*.yml"
)

// metricName finds the metric names a PromQL text can use: txstream's own,
// the Go and process collectors', and up. Label names never start with
// these prefixes in txstream's queries.
var metricName = regexp.MustCompile(`\b(?:txstream|go|process)_[a-zA-Z0-9_]+\b|\bup\b`)

// exported returns the names a query may use: every family a live
// txstream process exports (the populated registry), histogram series
// suffixes included, and up, which Prometheus adds to every target.
func exported(t *testing.T) map[string]bool {
	t.Helper()
	reg, _ := populated(t)
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{"up": true}
	for _, mf := range mfs {
		names[mf.GetName()] = true
		if mf.GetType().String() == "HISTOGRAM" {
			for _, suffix := range []string{"_bucket", "_sum", "_count"} {
				names[mf.GetName()+suffix] = true
			}
		}
	}
	return names
}

// dashboard is the part of a Grafana dashboard the checks read.
type dashboard struct {
	Title      string  `json:"title"`
	UID        string  `json:"uid"`
	Panels     []panel `json:"panels"`
	Templating struct {
		List []struct {
			Name  string `json:"name"`
			Query any    `json:"query"`
		} `json:"list"`
	} `json:"templating"`
}

type panel struct {
	ID      int      `json:"id"`
	Type    string   `json:"type"`
	Title   string   `json:"title"`
	Panels  []panel  `json:"panels"` // a collapsed row's panels
	Targets []target `json:"targets"`
}

type target struct {
	RefID string `json:"refId"`
	Expr  string `json:"expr"`
}

func loadDashboard(t *testing.T) dashboard {
	t.Helper()
	raw, err := os.ReadFile(dashboardFile)
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatalf("%s: %v", dashboardFile, err)
	}
	return d
}

// queries returns every PromQL text of the dashboard, keyed by where it is.
func (d dashboard) queries() map[string]string {
	q := map[string]string{}
	var walk func([]panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			for _, tg := range p.Targets {
				q[fmt.Sprintf("panel %d %q target %s", p.ID, p.Title, tg.RefID)] = tg.Expr
			}
			walk(p.Panels)
		}
	}
	walk(d.Panels)
	for _, v := range d.Templating.List {
		if m, ok := v.Query.(map[string]any); ok {
			if s, ok := m["query"].(string); ok {
				q["variable "+v.Name] = s
			}
		}
	}
	return q
}

func TestDashboardQueriesNameExportedFamilies(t *testing.T) {
	known := exported(t)
	d := loadDashboard(t)
	queries := d.queries()
	if len(queries) < 20 {
		t.Fatalf("only %d queries found in %s", len(queries), dashboardFile)
	}
	for where, expr := range queries {
		t.Run(where, func(t *testing.T) {
			names := metricName.FindAllString(expr, -1)
			if len(names) == 0 {
				t.Fatalf("no metric in %q", expr)
			}
			for _, name := range names {
				if !known[name] {
					t.Errorf("%q uses %s, which txstream does not export", expr, name)
				}
			}
		})
	}
}

func TestDashboardShowsWhatOperatorsNeed(t *testing.T) {
	d := loadDashboard(t)
	ids := map[int]bool{}
	var titles []string
	var walk func([]panel)
	walk = func(ps []panel) {
		for _, p := range ps {
			if ids[p.ID] {
				t.Errorf("panel id %d used twice", p.ID)
			}
			ids[p.ID] = true
			titles = append(titles, strings.ToLower(p.Title))
			walk(p.Panels)
		}
	}
	walk(d.Panels)
	all := strings.Join(titles, "\n")
	for _, topic := range []string{"throughput", "latency", "lag", "status", "cache hit ratio", "actor restarts"} {
		if !strings.Contains(all, topic) {
			t.Errorf("no panel about %q among:\n%s", topic, all)
		}
	}
	if d.UID == "" || d.Title == "" {
		t.Error("dashboard needs a uid and a title for provisioning")
	}
}

func TestAlertRulesNameExportedFamilies(t *testing.T) {
	known := exported(t)
	files, err := filepath.Glob(rulesGlob)
	if err != nil || len(files) == 0 {
		t.Fatalf("no rule files at %s (%v)", rulesGlob, err)
	}
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		names := metricName.FindAllString(string(raw), -1)
		if len(names) == 0 {
			t.Errorf("%s names no metric", f)
		}
		for _, name := range names {
			if !known[name] {
				t.Errorf("%s uses %s, which txstream does not export", f, name)
			}
		}
	}
}

// TestDashboardQueriesParse has promtool parse every dashboard query, by
// writing them as recording rules with Grafana's variables replaced.
func TestDashboardQueriesParse(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool not installed (apt-get install prometheus)")
	}
	grafanaVars := strings.NewReplacer("$__rate_interval", "5m", "$job", ".*", "$instance", ".*")
	queries := loadDashboard(t).queries()
	keys := make([]string, 0, len(queries))
	for k := range queries {
		if !strings.HasPrefix(k, "variable ") { // label_values() is Grafana's, not PromQL
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	b.WriteString("groups:\n  - name: dashboard\n    rules:\n")
	for i, k := range keys {
		expr, _ := json.Marshal(grafanaVars.Replace(queries[k])) // a JSON string is a YAML string
		fmt.Fprintf(&b, "      - record: dashboard:query%d\n        expr: %s\n", i, expr)
	}
	file := filepath.Join(t.TempDir(), "dashboard.yml")
	if err := os.WriteFile(file, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(promtool, "check", "rules", file).CombinedOutput(); err != nil {
		t.Fatalf("promtool check rules on the dashboard's queries: %v\n%s\n%s", err, out, b.String())
	}
}

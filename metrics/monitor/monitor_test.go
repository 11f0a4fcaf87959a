package monitor_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/codec"
	"github.com/lovoo/goka/tester"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/metrics/monitor"
)

// fixture runs a processor and a view of its table on goka's tester, with
// one record consumed, and serves their pages under /goka.
func fixture(t *testing.T) *httptest.Server {
	t.Helper()
	tt := tester.New(t)
	group := goka.Group("orders")
	proc, err := goka.NewProcessor(nil, goka.DefineGroup(group,
		goka.Input("orders-in", new(codec.String), func(ctx goka.Context, msg any) { ctx.SetValue(msg) }),
		goka.Persist(new(codec.String)),
	), goka.WithTester(tt))
	if err != nil {
		t.Fatal(err)
	}
	view, err := goka.NewView(nil, goka.GroupTable(group), new(codec.String), goka.WithViewTester(tt))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{}, 2)
	for _, run := range []func(context.Context) error{proc.Run, view.Run} {
		go func() { _ = run(ctx); done <- struct{}{} }()
	}
	t.Cleanup(func() { cancel(); <-done; <-done })
	tt.Consume("orders-in", "order-7", "paid")
	testenv.Eventually(t, 10*time.Second, func() bool {
		v, _ := view.Get("order-7")
		return v == "paid"
	}, "view sees the record")

	h, err := monitor.New("/goka", monitor.Sources{
		Processors: []*goka.Processor{proc},
		Views:      []*goka.View{view},
		Tables:     map[string]goka.Getter{"orders": view.Get},
	})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	code, body := testenv.Get(t, url)
	return code, string(body)
}

func TestPagesServeProcessorsViewsAndTables(t *testing.T) {
	srv := fixture(t)
	tests := []struct {
		name     string
		path     string
		code     int
		contains []string
	}{
		{"index links both components", "/goka/", 200, []string{`href="/goka/monitor/"`, `href="/goka/query/"`}},
		{"monitor lists processor and view", "/goka/monitor/", 200, []string{"orders", "orders-in", "orders-table"}},
		{"processor page", "/goka/monitor/processor/0", 200, []string{"Processor details for orders", `\/goka\/monitor/data/processor/0`}},
		{"view page", "/goka/monitor/view/0", 200, []string{"View details for orders-table"}},
		{"query page lists tables", "/goka/query/", 200, []string{`href="/goka/query/orders"`}},
		{"query finds a key", "/goka/query/orders/order-7", 200, []string{"paid"}},
		{"query tells a missing key", "/goka/query/orders/nobody", 200, []string{"Key &#39;nobody&#39; not found"}},
		{"processor past the end is 404", "/goka/monitor/processor/1", 404, nil},
		{"view past the end is 404", "/goka/monitor/view/1", 404, nil},
		{"data past the end is 404", "/goka/monitor/data/processor/1", 404, nil},
		{"outside the prefix", "/elsewhere", 404, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, body := get(t, srv.URL+tt.path)
			if code != tt.code {
				t.Fatalf("GET %s: %d, want %d\n%s", tt.path, code, tt.code, body)
			}
			for _, want := range tt.contains {
				if !strings.Contains(body, want) {
					t.Errorf("GET %s: body lacks %q\n%s", tt.path, want, body)
				}
			}
		})
	}
}

// TestDataIsTheProcessorsStats: the data page is goka's ProcessorStats,
// whose input count reaches the one message consumed. goka counts a
// message after its callback, so the view may see the record a moment
// before the count does (under load, make test saw 0): the page is read
// until the count arrives.
func TestDataIsTheProcessorsStats(t *testing.T) {
	srv := fixture(t)
	testenv.Eventually(t, 10*time.Second, func() bool {
		code, body := get(t, srv.URL+"/goka/monitor/data/processor/0")
		if code != 200 {
			t.Fatalf("data: %d %s", code, body)
		}
		var stats goka.ProcessorStats
		if err := json.Unmarshal([]byte(body), &stats); err != nil {
			t.Fatalf("data is not processor stats: %v\n%s", err, body)
		}
		pps, ok := stats.Group[0]
		if !ok {
			t.Fatalf("no partition 0 in %s", body)
		}
		in := pps.Input["orders-in"]
		return in != nil && in.Count == 1
	}, "the input stats of orders-in never counted the one message")
}

func TestNewRefusesABadPrefix(t *testing.T) {
	for _, prefix := range []string{"", "goka", "/goka/"} {
		t.Run(prefix, func(t *testing.T) {
			if _, err := monitor.New(prefix, monitor.Sources{}); !errors.Is(err, monitor.ErrPrefix) {
				t.Errorf("New(%q): %v, want ErrPrefix", prefix, err)
			}
		})
	}
}

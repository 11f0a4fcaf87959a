package integration

import (
	"context"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/testenv"
)

// Roles of the processes. The HTTP services run in a front process of
// their own, so that adding, killing or stopping processor members never
// touches the write path whose 201s the tests count, and every member of
// the processor groups is a process the test controls.
const (
	rolesFront     = "transaction,converter,manager"
	rolesProcessor = "processor"
	// rolesAll is one process with every role: serve --role all, and what
	// dev runs.
	rolesAll = "all"
)

// postsURL is the front's POST /transactions.
func (m *member) postsURL() string { return m.url(launch.Transaction, "/transactions") }

// prepare sets the rate the load converts with and drives converted
// transactions through the whole pipeline until one completes with that
// rate, so that the load starts on a cluster that has recovered every
// table. PUT /rates answers once Kafka has the rate; the rates table, and
// the conversions processor's lookup of it, follow shortly after, and a
// conversion in between fails with no_rate (documented in edge.setRate),
// or, under dev, converts at the sample rate it replaces.
func prepare(t *testing.T, front *member) {
	t.Helper()
	ctx := context.Background()
	rate := map[string]string{"rate": loadRate, "date": "2024-07-01"}
	if a, err := call(ctx, http.MethodPut, front.url(launch.Converter, "/rates/"+loadTarget), rate, nil); err != nil || a.code/100 != 2 {
		t.Fatalf("PUT /rates/%s: %d %s %v", loadTarget, a.code, a.body, err)
	}
	testenv.Eventually(t, 60*time.Second, func() bool {
		a, err := call(ctx, http.MethodGet, front.url(launch.Converter, "/rates"), nil, nil)
		return err == nil && a.code == http.StatusOK && strings.Contains(string(a.body), `"`+loadTarget+`"`)
	}, "GET /rates lists %s", loadTarget)
	var last txRecord
	testenv.Eventually(t, 90*time.Second, func() bool {
		last = warmUp(t, front)
		return last.Status == "completed" && last.Conversion != nil && last.Conversion.ConvertedValue == loadConverted
	}, "a warm-up transaction completed at %s %s (last: %+v)", loadConverted, loadTarget, &last)
}

// warmUp posts one converted transaction and returns it once terminal.
func warmUp(t *testing.T, front *member) txRecord {
	t.Helper()
	ctx := context.Background()
	id := testenv.Name(t, "warm-up")
	body := map[string]string{"id": id, "amount": loadAmount, "currency": loadCurrency, "target_currency": loadTarget}
	if a, err := call(ctx, http.MethodPost, front.postsURL(), body, nil); err != nil || a.code != http.StatusCreated {
		t.Fatalf("POST warm-up: %d %s %v", a.code, a.body, err)
	}
	tx, err := terminalRecord(front, id, time.Now().Add(60*time.Second))
	if err != nil {
		t.Fatalf("warm-up %s: %v", id, err)
	}
	return tx
}

// requireVerdict fails the test unless every acknowledged transaction was
// found terminal, once, and right, and every read path agreed.
func requireVerdict(t *testing.T, v verdict, acked int) {
	t.Helper()
	if v.checked != acked || v.lost != 0 || v.stuck != 0 || v.appliedTwice != 0 || v.wrong != 0 || v.disagreeing != 0 {
		t.Errorf("%s (of %d acknowledged); first problems of each kind:", v, acked)
		for _, kind := range slices.Sorted(maps.Keys(v.problems)) {
			for _, p := range v.problems[kind] {
				t.Errorf("  %s: %s", kind, p)
			}
		}
	}
}

package browser

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/txstream/txstream/internal/launch"
)

// receiver is a webhook receiver on a local port that answers status to
// every request.
func receiver(t *testing.T, status int) string {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(status) }))
	t.Cleanup(srv.Close)
	return srv.URL
}

// register registers a webhook endpoint for every event at url on the
// dev's manager and returns its id and the secret the answer reveals.
func (d *dev) register(t *testing.T, url, description string) (id, secret string) {
	t.Helper()
	body := fmt.Sprintf(`{"url":%q,"events":["transaction.received","transaction.converting","transaction.completed","transaction.failed"],"description":%q}`, url, description)
	resp := d.post(t, launch.Manager, "/webhooks", body)
	defer resp.Body.Close()
	var ep struct{ ID, Secret string }
	if err := json.NewDecoder(resp.Body).Decode(&ep); err != nil || resp.StatusCode != http.StatusCreated || ep.Secret == "" {
		t.Fatalf("POST /webhooks: %d, %v, %+v", resp.StatusCode, err, ep)
	}
	return ep.ID, ep.Secret
}

// TestConsoleWebhooks: with one endpoint whose receiver answers 500 to
// everything and one whose receiver answers 204, a transaction's page
// shows its messages to each, delivered or failed after the last retry;
// the endpoints page lists both without their secrets, the failed
// messages marked and counted, each linking to its transaction.
func TestConsoleWebhooks(t *testing.T) {
	b := newBrowser(t)
	d := startDev(t, "--webhook-retries", "100ms,100ms")
	down, downSecret := d.register(t, receiver(t, http.StatusInternalServerError), "ledger (answers 500)")
	up, upSecret := d.register(t, receiver(t, http.StatusNoContent), "audit")
	d.submit(t, "tx-hooks-1")

	t.Run("a transaction's messages", func(t *testing.T) {
		b.waitFor(t, "three failed and three delivered messages", func() bool {
			b.run(t, chromedp.Navigate(d.console+"/transactions/tx-hooks-1"), chromedp.WaitVisible(chromedp.CSS("#messages")))
			return count(t, b, "#messages tr.outcome-failed") == 3 && count(t, b, "#messages tr.outcome-delivered") == 3
		})
		failed := b.text(t, "#messages tr.outcome-failed")
		if !strings.Contains(failed, down) || !strings.Contains(failed, "failed after 3 attempts") || !strings.Contains(failed, "HTTP 500") {
			t.Fatalf("a failed message reads %q: want its endpoint, its 3 attempts and the last answer", failed)
		}
		if delivered := b.text(t, "#messages tr.outcome-delivered"); !strings.Contains(delivered, up) || !strings.Contains(delivered, "HTTP 204") {
			t.Fatalf("a delivered message reads %q", delivered)
		}
		b.screenshot(t, "transaction-webhooks")
	})

	t.Run("the endpoints", func(t *testing.T) {
		b.run(t, chromedp.Navigate(d.console+"/"), chromedp.Click(chromedp.CSS(`nav a[href$="/webhooks"]`)),
			chromedp.WaitVisible(chromedp.CSS("#"+down)))
		page, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.documentElement.outerHTML`))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(page, downSecret) || strings.Contains(page, upSecret) || strings.Contains(page, "whsec_") {
			t.Fatal("the endpoints page shows a secret")
		}
		if got := count(t, b, "#"+down+" tr.outcome-failed"); got != 3 {
			t.Fatalf("%d failed messages of %s, want 3:\n%s", got, down, page)
		}
		if got := b.text(t, "#"+down+" h2"); !strings.Contains(got, "3 pending or failed") {
			t.Fatalf("the endpoint's heading %q does not count its failed messages", got)
		}
		if got := count(t, b, "#"+up+" tr.outcome-delivered"); got != 3 || b.has("#"+up+" .unsettled") {
			t.Fatalf("%d delivered messages of %s, want 3 and nothing marked", got, up)
		}
		b.run(t, chromedp.Click(chromedp.CSS("#"+down+` tr.outcome-failed a[href$="/transactions/tx-hooks-1"]`)),
			chromedp.WaitVisible(chromedp.CSS("#messages")))
		if got := b.text(t, "#tx-id"); got != "tx-hooks-1" {
			t.Fatalf("a delivery's link led to %q", got)
		}
		b.run(t, chromedp.Navigate(d.console+"/webhooks"), chromedp.WaitVisible(chromedp.CSS("#"+down)))
		b.screenshot(t, "webhooks")
	})
	b.onlyHost(t, d.host)
}

// count is how many elements the CSS selector sel selects.
func count(t *testing.T, b *browser, sel string) int {
	t.Helper()
	n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`document.querySelectorAll(`+strconv.Quote(sel)+`).length`))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

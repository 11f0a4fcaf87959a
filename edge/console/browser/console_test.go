package browser

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/txstream/txstream/internal/testenv"
)

// TestConsole drives the open console of a real txstream dev in
// Chromium: the live home page draws its charts and shows a status
// change as it happens; a search finds a transaction and shows its
// completed history and conversion; the status changes and rates pages
// list what the tables hold, the status changes newest first; a dead letter is replayed with its button;
// and no page asked anything of another host.
func TestConsole(t *testing.T) {
	b := newBrowser(t)
	d := startDev(t)
	d.submit(t, "tx-browser-1")

	t.Run("live home page", func(t *testing.T) {
		b.run(t, chromedp.Navigate(d.console+"/"),
			until(`document.querySelectorAll("#chart-throughput canvas").length > 0`),
			until(`document.getElementById("live-status").textContent === "live"`))
		d.submit(t, "tx-live-1")
		b.run(t, until(`document.querySelector("#changes tbody").textContent.includes("tx-live-1")`),
			until(`[...document.querySelectorAll("#changes tbody tr")].some(r => r.textContent.includes("tx-live-1") && r.textContent.includes("completed"))`))
		if screenshots() {
			b.fillCharts(t, d)
		}
		b.screenshot(t, "home")
	})

	t.Run("search an id, read its history", func(t *testing.T) {
		b.run(t, chromedp.SendKeys(chromedp.CSS("#search-id"), "tx-browser-1"),
			chromedp.Click(chromedp.CSS("#search-go")),
			chromedp.WaitVisible(chromedp.CSS("#history")))
		if got := b.text(t, "#tx-status"); got != "completed" {
			t.Fatalf("status %q, want completed", got)
		}
		history := b.text(t, "#history tbody")
		for _, s := range []string{"received", "converting", "completed"} {
			if !strings.Contains(history, s) {
				t.Fatalf("history %q lacks %s", history, s)
			}
		}
		if conv := b.text(t, "#conversion"); !strings.Contains(conv, "EUR") || !strings.Contains(conv, "rate") {
			t.Fatalf("conversion %q: want the target currency and the rate", conv)
		}
		b.screenshot(t, "transaction")
	})

	t.Run("status changes and rates", func(t *testing.T) {
		// Newest first: a transaction submitted now is on the first page,
		// however many changes came before it (make screenshots adds a
		// load), and above the older tx-browser-1.
		d.submit(t, "tx-log-1")
		b.waitFor(t, "tx-log-1 on the first page of status changes", func() bool {
			b.run(t, chromedp.Navigate(d.console+"/log"), chromedp.WaitVisible(chromedp.CSS("#log")))
			return strings.Contains(b.text(t, "#log tbody"), "tx-log-1")
		})
		list := b.text(t, "#log tbody")
		if older := strings.Index(list, "tx-browser-1"); !screenshots() && (older < 0 || older < strings.Index(list, "tx-log-1")) {
			t.Fatalf("the status changes %q: want tx-browser-1, below tx-log-1", list)
		}
		b.screenshot(t, "log")
		b.run(t, chromedp.Navigate(d.console+"/rates"), chromedp.WaitVisible(chromedp.CSS("#rates")))
		if rates := b.text(t, "#rates tbody"); !strings.Contains(rates, "USD") {
			t.Fatalf("the rates %q lack USD", rates)
		}
		b.screenshot(t, "rates")
	})

	t.Run("replay a dead letter", func(t *testing.T) {
		testenv.ProduceAt(t, d.kafka(), "transaction-topic", 0, "poison-1", []byte("not json"))
		// The processor dead-letters the record a moment later: reload
		// until the page lists it.
		b.waitFor(t, "the dead letter on the page", func() bool {
			b.run(t, chromedp.Navigate(d.console+"/deadletters"), chromedp.WaitVisible(chromedp.CSS("#deadletters")))
			return b.has("#deadletters tbody tr[data-id]")
		})
		id, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector("#deadletters tbody tr[data-id]").dataset.id`))
		if err != nil {
			t.Fatal(err)
		}
		row := `#deadletters tbody tr[data-id="` + id + `"]`
		if got := b.text(t, row+" .replayed"); got != "no" {
			t.Fatalf("a new dead letter says replayed %q", got)
		}
		b.run(t, chromedp.Click(chromedp.CSS(row+" button.replay")))
		b.waitFor(t, "the replay's notice", func() bool { return b.has("#notice") })
		if got := b.text(t, row+" .replayed"); !strings.HasPrefix(got, "to transaction-topic/") {
			t.Fatalf("after the replay the dead letter says replayed %q, want to transaction-topic/…", got)
		}
		b.screenshot(t, "deadletters")
	})

	b.onlyHost(t, d.host)
	if !b.requested("/console/assets/uPlot.iife.min.js") || !b.requested("/console/live") {
		t.Fatal("the home page did not load its chart library and its live stream from the server")
	}
}

package browser

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/internal/testenv"
)

// TestConsoleKeys drives the console of a txstream dev given API keys:
// every page asks for a key first; a key that is not valid is refused at
// the login form; a valid one is kept in an HttpOnly, SameSite=Strict
// cookie that the page's scripts cannot read; a page that needs a scope
// the key lacks (ops for the dead letters, webhooks:read for the
// endpoints) is refused and names it; signing out asks for a key
// again.
func TestConsoleKeys(t *testing.T) {
	file := filepath.Join(t.TempDir(), "keys.jsonl")
	reader := testenv.NewAPIKey(t, file, "reader", auth.TransactionsRead, auth.LogRead, auth.ConversionsRead)
	writer := testenv.NewAPIKey(t, file, "writer", auth.TransactionsWrite)
	b := newBrowser(t)
	d := startDev(t, "--api-keys", file)
	d.submit(t, "tx-keys-1", "Authorization", "Bearer "+writer)

	b.run(t, chromedp.Navigate(d.console+"/"), chromedp.WaitVisible(chromedp.CSS("#key")))
	if !b.has("#login") || !strings.HasSuffix(b.location(t), "/console/login") {
		t.Fatalf("without a key the console shows %s, want the login form", b.location(t))
	}
	b.screenshot(t, "login")

	t.Run("a key that is not valid", func(t *testing.T) {
		b.run(t, chromedp.SendKeys(chromedp.CSS("#key"), "txs_not-a-key-at-all-but-well-formed-0123456789ab"),
			chromedp.Click(chromedp.CSS("#login")))
		b.waitFor(t, "the login's error", func() bool { return b.has("#error") })
		if e := b.text(t, "#error"); !strings.Contains(e, "not a valid API key") {
			t.Fatalf("error %q", e)
		}
	})

	t.Run("sign in, the cookie", func(t *testing.T) {
		b.run(t, chromedp.SendKeys(chromedp.CSS("#key"), reader), chromedp.Click(chromedp.CSS("#login")))
		b.waitFor(t, "the home page", func() bool { return b.has("main h1") && strings.HasSuffix(b.location(t), "/console/") })
		session := b.cookie(t, "txstream_console")
		if session == nil || !session.HTTPOnly || session.SameSite != network.CookieSameSiteStrict || session.Path != "/console/" {
			t.Fatalf("session cookie %+v: want HttpOnly, SameSite=Strict, Path=/console/", session)
		}
		if visible, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.cookie`)); strings.Contains(visible, "txstream_console") {
			t.Fatalf("the page's scripts read the cookies %q", visible)
		}
	})

	t.Run("the key's scopes", func(t *testing.T) {
		if b.has("#live") {
			t.Fatal("the live charts are shown to a key without ops")
		}
		b.run(t, chromedp.SendKeys(chromedp.CSS("#search-id"), "tx-keys-1"), chromedp.Click(chromedp.CSS("#search-go")),
			chromedp.WaitVisible(chromedp.CSS("#history")))
		if got := b.text(t, "#tx-status"); got != "completed" {
			t.Fatalf("status %q, want completed", got)
		}
		b.run(t, chromedp.Navigate(d.console+"/deadletters"), chromedp.WaitVisible(chromedp.CSS("#denied")))
		if body := b.text(t, "main"); !strings.Contains(body, "ops") {
			t.Fatalf("the refusal %q does not name the scope ops", body)
		}
		b.screenshot(t, "denied")
		b.run(t, chromedp.Navigate(d.console+"/webhooks"), chromedp.WaitVisible(chromedp.CSS("#denied")))
		if body := b.text(t, "main"); !strings.Contains(body, "webhooks:read") {
			t.Fatalf("the endpoints page's refusal %q does not name the scope webhooks:read", body)
		}
	})

	t.Run("sign out", func(t *testing.T) {
		b.run(t, chromedp.Navigate(d.console+"/log"), chromedp.Click(chromedp.CSS("form.who button")))
		b.waitFor(t, "the login form", func() bool { return b.has("#key") })
		if b.cookie(t, "txstream_console") != nil {
			t.Fatal("the session cookie outlived the sign-out")
		}
	})
	b.onlyHost(t, d.host)
}

// location is the page's address.
func (b *browser) location(t *testing.T) string {
	t.Helper()
	loc, err := chromedp.Run(b.ctx, chromedp.Location())
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// cookie is the browser's cookie name for the page, nil when it has none.
func (b *browser) cookie(t *testing.T, name string) *network.Cookie {
	t.Helper()
	res, err := chromedp.Call(b.ctx, network.GetCookies, network.GetCookiesParams{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Cookies {
		if c.Name == name {
			return c
		}
	}
	return nil
}

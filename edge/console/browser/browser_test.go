package browser

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// browserTimeout bounds one test's whole use of the browser.
const browserTimeout = 90 * time.Second

// chromiumPath is Debian's Chromium, or the test is skipped (failed
// under CI=true, so that CI cannot skip it silently).
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") == "true" {
		t.Fatal("chromium is not installed (apt-get install -y chromium); CI must run the console's browser tests")
	}
	t.Skip("chromium is not installed (apt-get install -y chromium): skipping the console's browser tests")
	return ""
}

// browser is one headless Chromium tab that records the host of every
// request its pages make.
type browser struct {
	ctx  context.Context
	mu   sync.Mutex
	urls []string
}

func newBrowser(t *testing.T) *browser {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath(t)), chromedp.NoSandbox, chromedp.WindowSize(1280, 860),
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-dev-shm-usage", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, browserTimeout)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	b := &browser{ctx: ctx}
	// chromedp enables the network domain of every tab: each request a
	// page makes is an event here, the EventSource's and the assets'.
	err := chromedp.Listen(ctx, func(ev any) {
		if e, ok := ev.(*network.EventRequestWillBeSent); ok {
			b.mu.Lock()
			b.urls = append(b.urls, e.Request.URL)
			b.mu.Unlock()
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// run runs actions in the tab, failing the test on an error.
func (b *browser) run(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatal(err)
	}
}

// until waits until the JavaScript expression is true in the page.
func until(expr string) chromedp.Action[chromedp.Void] {
	p := chromedp.Poll[bool](expr, chromedp.WithPollingInterval(100*time.Millisecond), chromedp.WithPollingTimeout(30*time.Second))
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := p(ctx, t)
		return chromedp.Void{}, err
	}
}

// text is the text content of the first element the CSS selector sel
// selects.
func (b *browser) text(t *testing.T, sel string) string {
	t.Helper()
	s, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// has reports whether the page has an element the CSS selector sel
// selects; false while the page is navigating.
func (b *browser) has(sel string) bool {
	ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.querySelector(`+strconv.Quote(sel)+`) !== null`))
	return err == nil && ok
}

// page is the address and text of the page, for a failure's message.
func (b *browser) page() string {
	s, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`location.href + "\n" + document.body.innerText`))
	if err != nil {
		return err.Error()
	}
	return s
}

// onlyHost fails the test if a page asked anything of a host other than
// host: every asset is the binary's own.
func (b *browser) onlyHost(t *testing.T, host string) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.urls) == 0 {
		t.Fatal("no request was recorded")
	}
	for _, raw := range b.urls {
		u, err := url.Parse(raw)
		if err != nil || (u.Scheme != "data" && u.Host != host) {
			t.Errorf("the page requested %q: only %s may be asked", raw, host)
		}
	}
}

// requested reports whether a recorded request's path ends in suffix.
func (b *browser) requested(suffix string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return slices.ContainsFunc(b.urls, func(u string) bool { return strings.HasSuffix(u, suffix) })
}

// screenshots reports whether the tests take screenshots.
func screenshots() bool { return os.Getenv("TXSTREAM_SCREENSHOTS") != "" }

// screenshot writes the page to DIR/console-NAME.png when
// TXSTREAM_SCREENSHOTS names DIR.
func (b *browser) screenshot(t *testing.T, name string) {
	t.Helper()
	if !screenshots() {
		return
	}
	dir := os.Getenv("TXSTREAM_SCREENSHOTS")
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "console-"+name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}

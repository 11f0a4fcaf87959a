package browser

import (
	"bytes"
	"fmt"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"
	"time"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/poll"
	"github.com/txstream/txstream/internal/testenv"
)

// dev is a running "txstream dev" and its addresses.
type dev struct {
	p       *launch.Process
	console string // the console's base URL on the manager service
	host    string // the manager service's host:port
}

func startDev(t *testing.T, args ...string) *dev {
	t.Helper()
	p := testenv.Launch(t, launch.Options{Args: append([]string{"dev", "--data-dir", t.TempDir()}, args...)})
	host := p.Addresses()[launch.Manager]
	return &dev{p: p, console: "http://" + host + "/console", host: host}
}

// submit posts a transaction and waits until it completed.
func (d *dev) submit(t *testing.T, id string, header ...string) {
	t.Helper()
	body := fmt.Sprintf(`{"id":%q,"amount":"12.50","currency":"USD","target_currency":"EUR"}`, id)
	resp := d.post(t, launch.Transaction, "/transactions", body, header...)
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusCreated {
		t.Fatalf("POST /transactions %s: %d", id, resp.StatusCode)
	}
}

// post posts the JSON body to path on the service, with the header
// (name, value) when given; the caller closes the answer's body.
func (d *dev) post(t *testing.T, service, path, body string, header ...string) *http.Response {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, d.p.URL(service, path), bytes.NewBufferString(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if len(header) == 2 {
		req.Header.Set(header[0], header[1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return resp
}

// kafka is the embedded broker's address.
func (d *dev) kafka() []string { return []string{d.p.Addresses()[launch.Kafka]} }

// waitFor polls cond until it holds or a deadline passes, and then
// fails with the page the browser shows.
func (b *browser) waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	if err := poll.Within(30*time.Second, 50*time.Millisecond, poll.Holds(cond)); err != nil {
		t.Fatalf("waiting for %s: %v; the page:\n%s", what, err, b.page())
	}
}

// chartSamples is how many samples the home page's charts show before
// its screenshot.
const chartSamples = 20

// fillCharts gives the home page's charts something to show: a few
// transactions and a lookup of an unknown id (a 404) every second, until
// they have chartSamples samples. Only for the screenshots.
func (b *browser) fillCharts(t *testing.T, d *dev) {
	t.Helper()
	for i := 0; ; i++ {
		n, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`Number(document.getElementById("live").dataset.samples || 0)`))
		if err != nil {
			t.Fatal(err)
		}
		if n >= chartSamples {
			return
		}
		for j := range i%4 + 1 {
			d.submit(t, fmt.Sprintf("tx-load-%d-%d", i, j))
		}
		testenv.Get(t, d.p.URL(launch.Transaction, "/transactions/unknown"))
		b.waitFor(t, "the next sample", func() bool {
			m, err := chromedp.Run(b.ctx, chromedp.Evaluate[int](`Number(document.getElementById("live").dataset.samples)`))
			return err == nil && m > n
		})
	}
}

package console

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

// hooks is an in-memory Webhooks: two endpoints, one with a delivered,
// a pending and a failed message, the other with none.
type hooks struct{ eps []*domain.WebhookEndpoint }

func newHooks() *hooks {
	return &hooks{eps: []*domain.WebhookEndpoint{
		{Schema: 1, ID: "ep_a", URL: "https://a.example/hook", Events: []domain.EventType{domain.EventType("transaction.completed")},
			Description: "ledger", Secret: domain.NewWebhookSecret(), CreatedAt: testNow},
		{Schema: 1, ID: "ep_b", URL: "https://b.example/hook", Events: []domain.EventType{domain.EventType("transaction.failed")},
			Secret: domain.NewWebhookSecret(), CreatedAt: testNow},
	}}
}

func (h *hooks) Endpoints() []*domain.WebhookEndpoint { return h.eps }

func (h *hooks) Deliveries(id string) ([]domain.WebhookDelivery, error) {
	if id != "ep_a" {
		return nil, nil
	}
	next := testNow.Add(time.Minute)
	return []domain.WebhookDelivery{
		{WebhookID: "msg_3", Endpoint: id, Type: "transaction.completed", TransactionID: "tx-2", Version: 3,
			Outcome: domain.DeliveryPending, Attempts: 1, LastStatus: 500, NextAttempt: &next, At: testNow},
		{WebhookID: "msg_2", Endpoint: id, Type: "transaction.completed", TransactionID: "tx-1", Version: 3,
			Outcome: domain.DeliveryFailed, Attempts: 4, LastError: "connection refused", At: testNow},
		{WebhookID: "msg_1", Endpoint: id, Type: "transaction.received", TransactionID: "tx-1", Version: 1,
			Outcome: domain.DeliveryDelivered, Attempts: 1, LastStatus: 204, At: testNow},
	}, nil
}

var webhookRow = regexp.MustCompile(`<tr class="outcome-(\w+)" data-webhook-id="(\w+)">`)

// rows are the page's webhook messages, as "outcome webhook-id".
func rows(body string) []string {
	var out []string
	for _, m := range webhookRow.FindAllStringSubmatch(body, -1) {
		out = append(out, m[1]+" "+m[2])
	}
	return out
}

// TestWebhooksPage: the endpoints page lists every registration without
// its secret, each with its recent deliveries in the listing's order,
// the unsettled ones counted and marked, each linking to its
// transaction; the nav names it.
func TestWebhooksPage(t *testing.T) {
	h := newHooks()
	s := newSite(t, false, func(c *Config) { c.Webhooks = h })
	a := get(t, client(t), s.url+"/console/webhooks")
	if a.status != http.StatusOK {
		t.Fatalf("GET /console/webhooks: %d", a.status)
	}
	for _, ep := range h.eps {
		if strings.Contains(a.body, ep.Secret.Reveal()) || strings.Contains(a.body, "whsec_") {
			t.Fatalf("the page shows a secret:\n%s", a.body)
		}
	}
	for _, want := range []string{`id="ep_a"`, "https://a.example/hook", "ledger", `id="ep_b"`, "https://b.example/hook",
		"2 pending or failed", "failed after 4 attempts", "connection refused", "HTTP 500", when(testNow.Add(time.Minute)),
		`href="/console/transactions/tx-2"`, `href="/console/webhooks">Webhooks</a>`, "No message settled yet."} {
		if !strings.Contains(a.body, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if got, want := strings.Join(rows(a.body), ","), "pending msg_3,failed msg_2,delivered msg_1"; got != want {
		t.Errorf("rows %s, want %s", got, want)
	}
}

// TestTransactionWebhookMessages: a transaction's page shows its own
// messages, in version order, with their states; a key without
// webhooks:read sees a note naming the scope instead, and a console
// without webhooks shows neither.
func TestTransactionWebhookMessages(t *testing.T) {
	s := newSite(t, true, func(c *Config) { c.Webhooks = newHooks() })
	s.tables.add("tx-1", "received", testNow)
	hooked := client(t)
	s.login(t, hooked, s.keys["hooks"])
	a := get(t, hooked, s.url+"/console/transactions/tx-1")
	if got, want := strings.Join(rows(a.body), ","), "delivered msg_1,failed msg_2"; got != want {
		t.Errorf("tx-1's messages %s, want %s:\n%s", got, want, a.body)
	}
	if !strings.Contains(a.body, "once its first attempt is settled") {
		t.Error("no note that unattempted messages are not shown")
	}
	reader := client(t)
	s.login(t, reader, s.keys["reader"])
	a = get(t, reader, s.url+"/console/transactions/tx-1")
	if rows(a.body) != nil || !strings.Contains(a.body, "<code>webhooks:read</code>") {
		t.Errorf("without webhooks:read: %v, want no message and a note naming the scope", rows(a.body))
	}
	if a = get(t, reader, s.url+"/console/webhooks"); a.status != http.StatusForbidden || !strings.Contains(a.body, "webhooks:read") {
		t.Errorf("the endpoints page without webhooks:read: %d", a.status)
	}
	plain := newSite(t, false, nil)
	plain.tables.add("tx-1", "received", testNow)
	a = get(t, client(t), plain.url+"/console/transactions/tx-1")
	if strings.Contains(a.body, "Webhook") || get(t, client(t), plain.url+"/console/webhooks").status != http.StatusNotFound {
		t.Error("a console without webhooks shows them")
	}
}

package webhooks

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

// TestGuardRefusesInsideAddresses: at registration, loopback, private,
// link-local (the cloud metadata address among them), unspecified and
// IPv6 local addresses are refused, also behind a name; a public address
// passes; with private addresses allowed, everything passes.
func TestGuardRefusesInsideAddresses(t *testing.T) {
	g := NewGuard(false)
	for _, host := range []string{"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
		"0.0.0.0", "::1", "fe80::1", "fc00::1", "::ffff:127.0.0.1", "localhost"} {
		if err := g.CheckHost(context.Background(), host); !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("CheckHost(%s) = %v, want ErrForbiddenAddress", host, err)
		}
	}
	if err := g.CheckHost(context.Background(), "93.184.216.34"); err != nil {
		t.Errorf("a public address: %v", err)
	}
	if err := NewGuard(true).CheckHost(context.Background(), "127.0.0.1"); err != nil {
		t.Errorf("with private addresses allowed: %v", err)
	}
}

// TestGuardRefusesAtConnectionTime: the client's dialer refuses a private
// address however the URL got there (a name that resolves differently
// later), and the receiver never sees the request.
func TestGuardRefusesAtConnectionTime(t *testing.T) {
	rc := newReceiver(t, nil)
	_, err := NewGuard(false).Client(time.Second, 1).Post(rc.srv.URL, "application/json", nil)
	if !errors.Is(err, ErrForbiddenAddress) {
		t.Errorf("POST to %s: %v, want ErrForbiddenAddress", rc.srv.URL, err)
	}
	if n := len(rc.requests()); n != 0 {
		t.Errorf("the receiver got %d requests", n)
	}
}

// TestRedirectsAreNotFollowed: a 3xx is the attempt's answer; its target
// gets nothing.
func TestRedirectsAreNotFollowed(t *testing.T) {
	target := newReceiver(t, nil)
	redirect := newReceiver(t, nil)
	redirect.srv.Config.Handler = http.RedirectHandler(target.srv.URL, http.StatusTemporaryRedirect)
	resp, err := NewGuard(true).Client(time.Second, 1).Post(redirect.srv.URL, "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || len(target.requests()) != 0 {
		t.Errorf("status %d, target got %d requests; want 307 and none", resp.StatusCode, len(target.requests()))
	}
}

// TestRegisterRefusesBadEndpoints: what the domain refuses and what the
// guard refuses never reach the topic.
func TestRegisterRefusesBadEndpoints(t *testing.T) {
	r := &Registrar{guard: NewGuard(false), clock: time.Now}
	for name, req := range map[string]domain.WebhookRequest{
		"ftp":        {URL: "ftp://example.com/", Events: domain.EventTypes},
		"relative":   {URL: "/hook", Events: domain.EventTypes},
		"user info":  {URL: "https://u:p@example.com/", Events: domain.EventTypes},
		"no events":  {URL: "https://example.com/"},
		"bad event":  {URL: "https://example.com/", Events: []domain.EventType{"transaction.lost"}},
		"twice":      {URL: "https://example.com/", Events: []domain.EventType{domain.EventFailed, domain.EventFailed}},
		"loopback":   {URL: "http://127.0.0.1:8080/", Events: domain.EventTypes},
		"metadata":   {URL: "http://169.254.169.254/latest", Events: domain.EventTypes},
		"localhost":  {URL: "http://localhost/", Events: domain.EventTypes},
		"private v6": {URL: "http://[fd00::1]/", Events: domain.EventTypes},
	} {
		if _, err := r.Register(context.Background(), req); !errors.Is(err, domain.ErrInvalidWebhook) {
			t.Errorf("%s: %v, want ErrInvalidWebhook", name, err)
		}
	}
}

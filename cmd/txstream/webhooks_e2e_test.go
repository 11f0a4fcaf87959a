package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/txstream/txstream/internal/testenv"
)

// TestDevDeliversWebhooks: txstream dev (private addresses allowed by
// default) registers a receiver on localhost, delivers the received and
// completed events of a POSTed transaction to it, signed, and lists them
// as delivered; GET /webhooks shows no secret.
func TestDevDeliversWebhooks(t *testing.T) {
	skipShort(t)
	var mu sync.Mutex
	var got []*http.Request
	var bodies [][]byte
	rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		got, bodies = append(got, r), append(bodies, b)
		mu.Unlock()
	}))
	defer rc.Close()
	dev := startDev(t, t.TempDir())
	manager := dev.Addresses().URL("manager", "")

	reg := post(t, manager+"/webhooks", `{"url":"`+rc.URL+`/hook","events":["transaction.received","transaction.completed"]}`, http.StatusCreated)
	var ep struct{ ID, Secret string }
	if err := json.Unmarshal(reg, &ep); err != nil || !strings.HasPrefix(ep.Secret, "whsec_") {
		t.Fatalf("registration answered %s: %v", reg, err)
	}
	post(t, dev.Addresses().URL("transaction", "/transactions"), `{"id":"wh-e2e-1","amount":"12.50","currency":"EUR"}`, http.StatusCreated)

	testenv.Eventually(t, 30*time.Second, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) >= 2 },
		"two deliveries to the receiver")
	wh, err := standardwebhooks.NewWebhook(ep.Secret)
	if err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	for i, r := range got {
		if err := wh.Verify(bodies[i], r.Header); err != nil {
			t.Errorf("delivery %d does not verify: %v", i, err)
		}
	}
	mu.Unlock()
	testenv.Eventually(t, 20*time.Second, func() bool {
		_, body := testenv.Get(t, manager+"/webhooks/"+ep.ID+"/deliveries")
		return strings.Count(string(body), `"outcome":"delivered"`) == 2
	}, "the listing to show both delivered")
	if _, list := testenv.Get(t, manager+"/webhooks"); strings.Contains(string(list), "whsec_") || !strings.Contains(string(list), ep.ID) {
		t.Errorf("GET /webhooks: %s", list)
	}
}

func post(t *testing.T, url, body string, want int) []byte {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != want {
		t.Fatalf("POST %s: %d %s, want %d", url, resp.StatusCode, b, want)
	}
	return b
}

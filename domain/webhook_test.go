package domain

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestWebhookSecretNeverPrints: an endpoint printed by fmt or logged by
// slog (text or JSON) shows no secret, current or retired; its JSON (the
// registrations topic's value) keeps them.
func TestWebhookSecretNeverPrints(t *testing.T) {
	ep := WebhookEndpoint{ID: "ep_1", URL: "https://example.com/", Events: EventTypes, Secret: NewWebhookSecret()}
	ep = ep.Rotated(time.Now(), time.Hour)
	secrets := []string{ep.Secret.Reveal(), ep.Retired[0].Secret.Reveal()}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("x", "endpoint", ep, "secret", ep.Secret)
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("x", "secret", ep.Secret, "retired", ep.Retired[0].Secret)
	printed := fmt.Sprintf("%v %+v %s", ep, ep, ep.Secret) + logged.String()
	for _, s := range secrets {
		if !strings.HasPrefix(s, "whsec_") || strings.Contains(printed, strings.TrimPrefix(s, "whsec_")) {
			t.Fatalf("a secret is printed: %s", printed)
		}
	}
	stored, err := json.Marshal(ep)
	if err != nil || !strings.Contains(string(stored), secrets[0]) || !strings.Contains(string(stored), secrets[1]) {
		t.Fatalf("the stored JSON lacks the secrets: %s %v", stored, err)
	}
}

// TestRotationKeepsThePreviousSecretForTheGrace: during the grace period
// both secrets sign, the new one first; after it only the new one.
func TestRotationKeepsThePreviousSecretForTheGrace(t *testing.T) {
	now := time.Now()
	ep := WebhookEndpoint{Secret: NewWebhookSecret()}
	old := ep.Secret
	ep = ep.Rotated(now, time.Hour)
	if got := ep.Secrets(now.Add(time.Minute)); len(got) != 2 || got[0] == old || got[1] != old {
		t.Errorf("during the grace: %d secrets, want the new and the old", len(got))
	}
	if got := ep.Secrets(now.Add(2 * time.Hour)); len(got) != 1 || got[0] == old {
		t.Errorf("after the grace: %d secrets, want the new alone", len(got))
	}
	if again := ep.Rotated(now.Add(2*time.Hour), time.Hour); len(again.Retired) != 1 {
		t.Errorf("a second rotation after the grace keeps %d retired secrets, want 1", len(again.Retired))
	}
}

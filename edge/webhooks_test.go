package edge

import (
	"net/http"
	"strings"
	"testing"
)

// TestWebhookRoutes: registration answers 201 with the secret and a
// Location; listing, reading and the deliveries never show a secret; a
// rotation answers the new secret and when the previous one stops
// signing; deletion is 204 and then 404; refused registrations are 400
// invalid_webhook through the catalog.
func TestWebhookRoutes(t *testing.T) {
	e := newEnv(t, nil, nil)
	body := `{"url":"https://example.com/hook","events":["transaction.completed","transaction.failed"],"description":"shop"}`
	created := e.call(t, http.MethodPost, e.manager+"/webhooks", body).expect(t, http.StatusCreated).object(t)
	id, _ := created["id"].(string)
	secret, _ := created["secret"].(string)
	if !strings.HasPrefix(secret, "whsec_") || id == "" {
		t.Fatalf("201 %v: want an id and a whsec_ secret", created)
	}
	for _, path := range []string{"/webhooks", "/webhooks/" + id, "/webhooks/" + id + "/deliveries"} {
		a := e.call(t, http.MethodGet, e.manager+path, "").expect(t, http.StatusOK)
		if strings.Contains(string(a.body), "whsec_") || strings.Contains(string(a.body), `"secret"`) {
			t.Errorf("GET %s shows a secret: %s", path, a.body)
		}
		if !strings.Contains(string(a.body), id) {
			t.Errorf("GET %s does not show %s: %s", path, id, a.body)
		}
	}
	rotated := e.call(t, http.MethodPost, e.manager+"/webhooks/"+id+"/rotate", "").expect(t, http.StatusOK).object(t)
	if s, _ := rotated["secret"].(string); s == secret || !strings.HasPrefix(s, "whsec_") || rotated["previous_secrets_valid_until"] == nil {
		t.Errorf("rotation answered %v", rotated)
	}
	e.call(t, http.MethodDelete, e.manager+"/webhooks/"+id, "").expect(t, http.StatusNoContent)
	e.call(t, http.MethodGet, e.manager+"/webhooks/"+id, "").expect(t, http.StatusNotFound)
	e.call(t, http.MethodPost, e.manager+"/webhooks/"+id+"/rotate", "").expect(t, http.StatusNotFound)

	for name, tc := range map[string]struct{ body, code string }{
		"ftp":           {`{"url":"ftp://example.com/","events":["transaction.completed"]}`, "invalid_webhook"},
		"unknown event": {`{"url":"https://example.com/","events":["transaction.lost"]}`, "invalid_webhook"},
		"no events":     {`{"url":"https://example.com/","events":[]}`, "invalid_webhook"},
		"loopback":      {`{"url":"http://127.0.0.1/","events":["transaction.completed"]}`, "invalid_webhook"},
		"unknown field": {`{"url":"https://example.com/","events":["transaction.completed"],"secret":"x"}`, "unknown_field"},
		"events string": {`{"url":"https://example.com/","events":"transaction.completed"}`, "wrong_type"},
		"missing url":   {`{"events":["transaction.completed"]}`, "missing_field"},
	} {
		a := e.call(t, http.MethodPost, e.manager+"/webhooks", tc.body).expect(t, http.StatusBadRequest)
		if got, _ := a.object(t)["code"].(string); got != tc.code {
			t.Errorf("%s: code %q, want %q", name, got, tc.code)
		}
	}
}

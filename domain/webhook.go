package domain

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"time"
)

// EventType names a webhook event: "transaction." and the status the change
// reached, one event per status change of a transaction.
type EventType string

// The event types, one per status (status.go).
const (
	EventReceived   EventType = "transaction.received"
	EventConverting EventType = "transaction.converting"
	EventCompleted  EventType = "transaction.completed"
	EventFailed     EventType = "transaction.failed"
)

// EventTypes lists every event type in lifecycle order.
var EventTypes = []EventType{EventReceived, EventConverting, EventCompleted, EventFailed}

// EventOf is the event type of a change to status s.
func EventOf(s Status) EventType { return EventType("transaction." + string(s)) }

// Valid reports whether t is one of EventTypes.
func (t EventType) Valid() bool { return slices.Contains(EventTypes, t) }

// WebhookSecret is an endpoint's signing secret, "whsec_" and the base64
// of 32 random bytes (the Standard Webhooks form). Its String and LogValue
// never show it, so that a log line or an error that prints an endpoint
// cannot leak it; only the JSON of the registrations topic and the answers
// to a registration or a rotation carry it.
type WebhookSecret string

// secretPrefix opens every secret (Standard Webhooks).
const secretPrefix = "whsec_"

// NewWebhookSecret draws a new secret from crypto/rand.
func NewWebhookSecret() WebhookSecret {
	key := make([]byte, 32)
	_, _ = rand.Read(key) // crypto/rand.Read never fails (Go 1.24+)
	return WebhookSecret(secretPrefix + base64.StdEncoding.EncodeToString(key))
}

// String hides the secret.
func (WebhookSecret) String() string { return secretPrefix + "[redacted]" }

// LogValue hides the secret from slog.
func (s WebhookSecret) LogValue() slog.Value { return slog.StringValue(s.String()) }

// Reveal is the secret itself, for signing and for the one answer that
// hands it out.
func (s WebhookSecret) Reveal() string { return string(s) }

// RetiredSecret is a secret replaced by a rotation, still signed with until
// Until so that receivers can switch over.
type RetiredSecret struct {
	Secret WebhookSecret `json:"secret"`
	Until  time.Time     `json:"until"`
}

// WebhookEndpoint is one registration: the value of the registrations
// topic (key = ID; a tombstone deletes it).
type WebhookEndpoint struct {
	Schema      int             `json:"schema"`
	ID          string          `json:"id"`
	URL         string          `json:"url"`
	Events      []EventType     `json:"events"`
	Description string          `json:"description,omitempty"`
	Secret      WebhookSecret   `json:"secret"`
	Retired     []RetiredSecret `json:"retired_secrets,omitempty"`
	CreatedAt   time.Time       `json:"created_at"`
	UpdatedAt   time.Time       `json:"updated_at"`
}

// SchemaOf returns the schema version of the value.
func (e *WebhookEndpoint) SchemaOf() int { return e.Schema }

// Wants reports whether the endpoint subscribed to t.
func (e *WebhookEndpoint) Wants(t EventType) bool { return slices.Contains(e.Events, t) }

// Secrets are the secrets to sign with at now: the current one first, then
// the retired ones still in their grace period.
func (e *WebhookEndpoint) Secrets(now time.Time) []WebhookSecret {
	out := []WebhookSecret{e.Secret}
	for _, r := range e.Retired {
		if now.Before(r.Until) {
			out = append(out, r.Secret)
		}
	}
	return out
}

// Rotated returns the endpoint with a new secret; the current one signs on
// until now+grace, and retired ones past their time are dropped.
func (e WebhookEndpoint) Rotated(now time.Time, grace time.Duration) WebhookEndpoint {
	kept := []RetiredSecret{{Secret: e.Secret, Until: now.Add(grace)}}
	for _, r := range e.Retired {
		if now.Before(r.Until) {
			kept = append(kept, r)
		}
	}
	e.Retired, e.Secret, e.UpdatedAt = kept, NewWebhookSecret(), now
	return e
}

// WebhookRequest is what a client asks for in POST /webhooks.
type WebhookRequest struct {
	URL         string
	Events      []EventType
	Description string
}

// MaxWebhookDescription bounds an endpoint's description, in bytes.
const MaxWebhookDescription = 512

// MaxWebhookURL bounds an endpoint's URL, in bytes.
const MaxWebhookURL = 2048

// CheckWebhookURL accepts an absolute http or https URL with a host and
// without user info (a password in a URL would be stored and listed). It
// does not resolve the host: the SSRF guard of the delivering side does,
// at registration and at every connection.
func CheckWebhookURL(raw string) (*url.URL, error) {
	if len(raw) > MaxWebhookURL {
		return nil, fmt.Errorf("%w: longer than %d bytes", ErrInvalidWebhook, MaxWebhookURL)
	}
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %w", ErrInvalidWebhook, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%w: scheme %q; only http and https", ErrInvalidWebhook, u.Scheme)
	case u.Hostname() == "":
		return nil, fmt.Errorf("%w: no host", ErrInvalidWebhook)
	case u.User != nil:
		return nil, fmt.Errorf("%w: user info is not allowed in a webhook URL", ErrInvalidWebhook)
	case u.Fragment != "":
		return nil, fmt.Errorf("%w: a fragment is never sent", ErrInvalidWebhook)
	}
	return u, nil
}

// Check validates a request: its URL (CheckWebhookURL), at least one event
// type, each known and named once, and the description's length.
func (r WebhookRequest) Check() error {
	if _, err := CheckWebhookURL(r.URL); err != nil {
		return err
	}
	if len(r.Events) == 0 {
		return fmt.Errorf("%w: no event types", ErrInvalidWebhook)
	}
	for i, t := range r.Events {
		if !t.Valid() {
			return fmt.Errorf("%w: unknown event type %q (known: %s)", ErrInvalidWebhook, t, eventList())
		}
		if slices.Contains(r.Events[:i], t) {
			return fmt.Errorf("%w: event type %q named twice", ErrInvalidWebhook, t)
		}
	}
	if len(r.Description) > MaxWebhookDescription {
		return fmt.Errorf("%w: description longer than %d bytes", ErrInvalidWebhook, MaxWebhookDescription)
	}
	return nil
}

func eventList() string {
	names := make([]string, len(EventTypes))
	for i, t := range EventTypes {
		names[i] = string(t)
	}
	return strings.Join(names, ", ")
}

// DeliveryOutcome is the state of one webhook message for one endpoint.
type DeliveryOutcome string

// The outcomes GET /webhooks/{id}/deliveries shows.
const (
	DeliveryPending   DeliveryOutcome = "pending"   // not yet delivered; NextAttempt says when
	DeliveryDelivered DeliveryOutcome = "delivered" // a 2xx answered
	DeliveryFailed    DeliveryOutcome = "failed"    // every attempt failed; dead-lettered
)

// WebhookDelivery is one message to one endpoint, as the deliveries
// listing shows it.
type WebhookDelivery struct {
	Schema        int             `json:"schema"`
	WebhookID     string          `json:"webhook_id"`
	Endpoint      string          `json:"endpoint_id"`
	Type          EventType       `json:"type"`
	TransactionID string          `json:"transaction_id"`
	Version       int64           `json:"version"`
	Outcome       DeliveryOutcome `json:"outcome"`
	Attempts      int             `json:"attempts"`
	LastStatus    int             `json:"last_status,omitempty"`
	LastError     string          `json:"last_error,omitempty"`
	NextAttempt   *time.Time      `json:"next_attempt,omitempty"`
	At            time.Time       `json:"at"`
}

// SchemaOf returns the schema version of the value.
func (d *WebhookDelivery) SchemaOf() int { return d.Schema }

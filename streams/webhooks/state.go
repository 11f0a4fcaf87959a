package webhooks

import (
	"encoding/json"
	"time"

	"github.com/txstream/txstream/domain"
)

// state is the value of the webhooks group table, per transaction id: the
// last version of the transaction turned into messages (a table record at
// or below it is a repeat), and the messages not yet settled, in the order
// they were made, which is version order per endpoint. Only the first
// message of each endpoint is due (head): the next waits for it, so that
// a receiver gets one transaction's events in order.
type state struct {
	Schema  int       `json:"schema"`
	ID      string    `json:"id"`
	Version int64     `json:"version"`
	Pending []message `json:"pending,omitempty"`
}

// SchemaOf returns the schema version of the value.
func (s *state) SchemaOf() int { return s.Schema }

// message is one event for one endpoint. Body is the exact payload, kept
// so that every attempt sends the same bytes under the same WebhookID.
type message struct {
	WebhookID  string           `json:"webhook_id"`
	Endpoint   string           `json:"endpoint"`
	Type       domain.EventType `json:"type"`
	Version    int64            `json:"version"`
	ChangedAt  time.Time        `json:"changed_at"`
	Body       json.RawMessage  `json:"body"`
	Attempts   int              `json:"attempts"`
	NextAt     time.Time        `json:"next_at"`
	LastStatus int              `json:"last_status,omitempty"`
	LastError  string           `json:"last_error,omitempty"`
}

// heads are the messages due in turn: the first of each endpoint.
func (s *state) heads() []message {
	var out []message
	seen := map[string]bool{}
	for _, m := range s.Pending {
		if !seen[m.Endpoint] {
			seen[m.Endpoint] = true
			out = append(out, m)
		}
	}
	return out
}

// find returns the index of the pending message webhookID of endpoint, or
// -1.
func (s *state) find(endpoint, webhookID string) int {
	for i, m := range s.Pending {
		if m.Endpoint == endpoint && m.WebhookID == webhookID {
			return i
		}
	}
	return -1
}

// remove drops the message at i.
func (s *state) remove(i int) { s.Pending = append(s.Pending[:i], s.Pending[i+1:]...) }

// summary is the deliveries listing's view of m.
func (m message) summary(txID string, outcome domain.DeliveryOutcome, at time.Time) domain.WebhookDelivery {
	d := domain.WebhookDelivery{Schema: domain.SchemaVersion, WebhookID: m.WebhookID, Endpoint: m.Endpoint, Type: m.Type,
		TransactionID: txID, Version: m.Version, Outcome: outcome, Attempts: m.Attempts,
		LastStatus: m.LastStatus, LastError: m.LastError, At: at}
	if outcome == domain.DeliveryPending {
		next := m.NextAt
		d.NextAttempt = &next
	}
	return d
}

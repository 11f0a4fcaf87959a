package webhooks

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"time"

	"github.com/txstream/txstream/domain"
)

// payload is the body of every message (the Standard Webhooks shape):
// the event type, the time of the change, and the transaction as GET
// /transactions/{id} answers it (the table's record that brought the
// change; when one write made two changes, both events carry it).
type payload struct {
	Type      domain.EventType `json:"type"`
	Timestamp time.Time        `json:"timestamp"`
	Data      json.RawMessage  `json:"data"`
}

// messages are the new events of a transaction record for the endpoints
// that want them: one per change after version since, per endpoint
// subscribed to its type and registered at or before the change (an
// endpoint gets what happens after its registration, not the history
// before it, also when the group reads an old table from its start).
func messages(tx *domain.Transaction, raw []byte, since int64, endpoints func(domain.EventType) []*domain.WebhookEndpoint, now time.Time) ([]message, error) {
	var out []message
	for _, c := range tx.History {
		if c.Version <= since {
			continue
		}
		t := domain.EventOf(c.Status)
		var body []byte
		for _, ep := range endpoints(t) {
			if c.At.Before(ep.CreatedAt) {
				continue
			}
			if body == nil {
				var err error
				if body, err = json.Marshal(payload{Type: t, Timestamp: c.At.UTC(), Data: raw}); err != nil {
					return nil, fmt.Errorf("payload of %s v%d: %w", tx.ID, c.Version, err)
				}
			}
			out = append(out, message{WebhookID: webhookID(ep.ID, tx.ID, c.Version), Endpoint: ep.ID, Type: t,
				Version: c.Version, ChangedAt: c.At, Body: body, NextAt: now})
		}
	}
	return out, nil
}

// webhookID is the message's webhook-id: the same for every attempt, and
// for the same event made again (a redelivered table record after a crash
// makes the same ids), so that a receiver's dedup by id works.
func webhookID(endpoint, txID string, version int64) string {
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%d", endpoint, txID, version))
	return "msg_" + hex.EncodeToString(sum[:16])
}

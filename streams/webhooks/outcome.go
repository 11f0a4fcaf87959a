package webhooks

import "time"

// outcome is one attempt's result, which the dispatcher writes to the
// group's loopback topic under the transaction id; only the callback that
// reads it changes the table. Attempt is the number of the attempt made
// (1 for the first), so that an outcome read twice, or one of an attempt
// the table has moved past, changes nothing.
type outcome struct {
	Schema    int       `json:"schema"`
	Endpoint  string    `json:"endpoint"`
	WebhookID string    `json:"webhook_id"`
	Attempt   int       `json:"attempt"`
	Delivered bool      `json:"delivered,omitempty"`
	Gone      bool      `json:"gone,omitempty"` // the endpoint is no longer registered
	Status    int       `json:"status,omitempty"`
	Error     string    `json:"error,omitempty"`
	At        time.Time `json:"at"`
}

// SchemaOf returns the schema version of the value.
func (o *outcome) SchemaOf() int { return o.Schema }

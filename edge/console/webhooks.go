package console

import (
	"cmp"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/auth"
)

// endpoint is a webhook registration as the pages show it: built field
// by field from the registration, so that its secret is never in what a
// template gets.
type endpoint struct {
	ID          string
	URL         string
	Events      []domain.EventType
	Description string
	CreatedAt   time.Time
	Deliveries  []domain.WebhookDelivery // newest first
	Unsettled   int                      // pending or failed among them
}

// message is one of a transaction's webhook messages, with its endpoint.
type message struct {
	domain.WebhookDelivery
	URL string
}

// webhooks lists the registered endpoints, each with its recent
// deliveries, the pending and failed ones marked.
func (c *Console) webhooks(w http.ResponseWriter, _ *http.Request, v visitor) {
	d := pageData{Title: "Webhooks"}
	for _, ep := range c.cfg.Webhooks.Endpoints() {
		e := endpoint{ID: ep.ID, URL: ep.URL, Events: ep.Events, Description: ep.Description, CreatedAt: ep.CreatedAt}
		var err error
		if e.Deliveries, err = c.cfg.Webhooks.Deliveries(ep.ID); err != nil {
			c.unavailable(&d, "deliveries of "+ep.ID, err)
		}
		for _, m := range e.Deliveries {
			if m.Outcome != domain.DeliveryDelivered {
				e.Unsettled++
			}
		}
		d.Endpoints = append(d.Endpoints, e)
	}
	c.render(w, http.StatusOK, "webhooks", v, d)
}

// readMessages fills the transaction page's webhook messages: for each
// endpoint, those of its recent deliveries that are id's. The process
// holds the deliveries view, not the webhooks group's table (the pending
// messages per transaction, on the processors); so a message shows once
// its first attempt is settled, and while it is among its endpoint's
// newest, as in GET /webhooks/{id}/deliveries.
func (c *Console) readMessages(d *pageData, id string, v visitor) {
	if c.cfg.Webhooks == nil || !v.Allows(auth.WebhooksRead) {
		return
	}
	d.HooksRead = true
	for _, ep := range c.cfg.Webhooks.Endpoints() {
		recent, err := c.cfg.Webhooks.Deliveries(ep.ID)
		if err != nil {
			c.unavailable(d, "deliveries of "+ep.ID, err)
			continue
		}
		for _, m := range recent {
			if m.TransactionID == id {
				d.Messages = append(d.Messages, message{WebhookDelivery: m, URL: ep.URL})
			}
		}
	}
	// Per endpoint (they come in id order), in the order of the
	// transaction's versions, as the history reads.
	slices.SortStableFunc(d.Messages, func(a, b message) int {
		return cmp.Or(strings.Compare(a.Endpoint, b.Endpoint), cmp.Compare(a.Version, b.Version))
	})
}

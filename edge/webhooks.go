package edge

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/auth"
)

const (
	routeWebhooks          = "/webhooks"
	routeWebhook           = "/webhooks/{id}"
	routeWebhookRotate     = "/webhooks/{id}/rotate"
	routeWebhookDeliveries = "/webhooks/{id}/deliveries"
)

// Webhooks are the webhook registrations for the manager service
// (satisfied by the composition over streams/webhooks). Writes return once
// Kafka acknowledged them; a write's error is classified like a produce's.
type Webhooks interface {
	Register(ctx context.Context, req domain.WebhookRequest) (*domain.WebhookEndpoint, error)
	Rotate(ctx context.Context, id string) (*domain.WebhookEndpoint, error)
	Delete(ctx context.Context, id string) error
	// Endpoints lists the registrations, ordered by id; Endpoint reads
	// one (nil: none). The values are shared: read-only.
	Endpoints() []*domain.WebhookEndpoint
	Endpoint(id string) *domain.WebhookEndpoint
	// Deliveries lists an endpoint's recent messages, newest first.
	Deliveries(id string) ([]domain.WebhookDelivery, error)
}

// webhookAnswer is an endpoint as the API shows it. Secret is set only in
// the answers to a registration and a rotation; a listing never has it.
type webhookAnswer struct {
	ID                   string             `json:"id"`
	URL                  string             `json:"url"`
	Events               []domain.EventType `json:"events"`
	Description          string             `json:"description,omitempty"`
	Secret               string             `json:"secret,omitempty"`
	PreviousSecretsUntil []time.Time        `json:"previous_secrets_valid_until,omitempty"`
	CreatedAt            time.Time          `json:"created_at"`
	UpdatedAt            time.Time          `json:"updated_at"`
}

func answerOf(ep *domain.WebhookEndpoint, withSecret bool, now time.Time) webhookAnswer {
	a := webhookAnswer{ID: ep.ID, URL: ep.URL, Events: ep.Events, Description: ep.Description,
		CreatedAt: ep.CreatedAt, UpdatedAt: ep.UpdatedAt}
	if withSecret {
		a.Secret = ep.Secret.Reveal()
	}
	for _, r := range ep.Retired {
		if now.Before(r.Until) {
			a.PreviousSecretsUntil = append(a.PreviousSecretsUntil, r.Until)
		}
	}
	return a
}

// webhookRoutes adds the webhook routes to the manager service.
func (m *managerService) webhookRoutes() {
	m.router.add(http.MethodPost, routeWebhooks, auth.WebhooksWrite, m.registerWebhook, false)
	m.router.add(http.MethodGet, routeWebhooks, auth.WebhooksRead, m.listWebhooks, false)
	m.router.add(http.MethodGet, routeWebhook, auth.WebhooksRead, m.getWebhook, false)
	m.router.add(http.MethodDelete, routeWebhook, auth.WebhooksWrite, m.deleteWebhook, false)
	m.router.add(http.MethodPost, routeWebhookRotate, auth.WebhooksWrite, m.rotateWebhook, false)
	m.router.add(http.MethodGet, routeWebhookDeliveries, auth.WebhooksRead, m.webhookDeliveries, false)
}

// registerWebhook answers 201 with the endpoint and its secret, which no
// later answer shows again.
func (m *managerService) registerWebhook(ctx *fasthttp.RequestCtx, _ string) {
	if err := requireJSON(ctx); err != nil {
		writeError(ctx, err, 0)
		return
	}
	req, err := DecodeWebhook(ctx.PostBody())
	if err != nil {
		writeError(ctx, err, 0)
		return
	}
	sctx, cancel := m.submitContext()
	defer cancel()
	ep, err := m.webhooks.Register(sctx, req)
	if err != nil {
		m.webhookFailure(ctx, routeWebhooks, err)
		return
	}
	ctx.Response.Header.Set("Location", routeWebhooks+"/"+ep.ID)
	writeJSON(ctx, http.StatusCreated, answerOf(ep, true, m.cfg.Now()))
}

func (m *managerService) listWebhooks(ctx *fasthttp.RequestCtx, _ string) {
	if _, err := parseQuery(ctx.QueryArgs()); err != nil {
		writeError(ctx, err, 0)
		return
	}
	now := m.cfg.Now()
	all := m.webhooks.Endpoints()
	out := make([]webhookAnswer, 0, len(all))
	for _, ep := range all {
		out = append(out, answerOf(ep, false, now))
	}
	writeJSON(ctx, http.StatusOK, map[string][]webhookAnswer{"webhooks": out})
}

func (m *managerService) getWebhook(ctx *fasthttp.RequestCtx, id string) {
	if ep, ok := m.endpoint(ctx, id); ok {
		writeJSON(ctx, http.StatusOK, answerOf(ep, false, m.cfg.Now()))
	}
}

func (m *managerService) deleteWebhook(ctx *fasthttp.RequestCtx, id string) {
	if _, ok := m.endpoint(ctx, id); !ok {
		return
	}
	sctx, cancel := m.submitContext()
	defer cancel()
	if err := m.webhooks.Delete(sctx, id); err != nil {
		m.webhookFailure(ctx, routeWebhook, err)
		return
	}
	ctx.SetStatusCode(http.StatusNoContent)
}

// rotateWebhook answers the endpoint with its new secret; the previous one
// keeps signing until the time the answer lists.
func (m *managerService) rotateWebhook(ctx *fasthttp.RequestCtx, id string) {
	if _, ok := m.endpoint(ctx, id); !ok {
		return
	}
	sctx, cancel := m.submitContext()
	defer cancel()
	ep, err := m.webhooks.Rotate(sctx, id)
	if err != nil {
		m.webhookFailure(ctx, routeWebhookRotate, err)
		return
	}
	writeJSON(ctx, http.StatusOK, answerOf(ep, true, m.cfg.Now()))
}

func (m *managerService) webhookDeliveries(ctx *fasthttp.RequestCtx, id string) {
	if _, ok := m.endpoint(ctx, id); !ok {
		return
	}
	list, err := m.webhooks.Deliveries(id)
	if err != nil {
		m.fail(ctx, routeWebhookDeliveries, err, CodeTablesUnavailable)
		return
	}
	if list == nil {
		list = []domain.WebhookDelivery{}
	}
	writeJSON(ctx, http.StatusOK, map[string][]domain.WebhookDelivery{"deliveries": list})
}

// endpoint reads the registration of the path's id, or answers why there
// is none.
func (m *managerService) endpoint(ctx *fasthttp.RequestCtx, id string) (*domain.WebhookEndpoint, bool) {
	if err := pathID(id); err != nil {
		writeError(ctx, err, 0)
		return nil, false
	}
	if _, err := parseQuery(ctx.QueryArgs()); err != nil {
		writeError(ctx, err, 0)
		return nil, false
	}
	ep := m.webhooks.Endpoint(id)
	if ep == nil {
		writeProblem(ctx, CodeWebhookNotFound, "id", "no webhook endpoint has this id", 0)
		return nil, false
	}
	return ep, true
}

func (m *managerService) webhookFailure(ctx *fasthttp.RequestCtx, route string, err error) {
	switch {
	case errors.Is(err, domain.ErrInvalidWebhook):
		writeError(ctx, fromDomain(err), 0)
	case errors.Is(err, domain.ErrWebhookNotFound):
		writeProblem(ctx, CodeWebhookNotFound, "id", "no webhook endpoint has this id", 0)
	default:
		m.failWrite(ctx, route, err)
	}
}

package app

import (
	"fmt"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/webhooks"
)

// webhookAPI is the manager service's edge.Webhooks: the registrar (with
// its producer and the read model's registry) for the registrations, the
// deliveries view for the listing.
type webhookAPI struct {
	*webhooks.Registrar
	deliveries *streams.TableView[webhooks.DeliveryLog]
}

func newWebhookAPI(d deps, rm *ReadModel) (*webhookAPI, error) {
	grace := d.cfg.Webhooks.SecretGrace
	if grace <= 0 {
		grace = webhooks.DefaultGrace
	}
	r, err := webhooks.NewRegistrar(d.sc, rm.hooks, webhooks.NewGuard(d.cfg.Webhooks.AllowPrivate), grace, nil)
	if err != nil {
		return nil, fmt.Errorf("manager role: %w", err)
	}
	return &webhookAPI{Registrar: r, deliveries: rm.deliveries}, nil
}

// Endpoints lists the registrations.
func (w *webhookAPI) Endpoints() []*domain.WebhookEndpoint { return w.Registry().List() }

// Endpoint reads one registration.
func (w *webhookAPI) Endpoint(id string) *domain.WebhookEndpoint { return w.Registry().Get(id) }

// Deliveries reads an endpoint's recent deliveries.
func (w *webhookAPI) Deliveries(id string) ([]domain.WebhookDelivery, error) {
	log, err := w.deliveries.Get(id)
	if err != nil || log == nil {
		return nil, err
	}
	return log.Recent, nil
}

// Close closes the registrar's producer.
func (w *webhookAPI) Close() error { return w.Registrar.Close() }

var _ edge.Webhooks = (*webhookAPI)(nil)

// webhookNotes are the banner's lines about webhooks: whether endpoints on
// private addresses are allowed (dev's default, SECURITY.md).
func webhookNotes(cfg Config) []string {
	if !cfg.Webhooks.AllowPrivate || !(cfg.Roles.Has(RoleManager) || cfg.Roles.Has(RoleProcessor)) {
		return nil
	}
	return []string{"Webhooks: endpoints on loopback and private addresses allowed (--webhook-allow-private=false refuses them)"}
}

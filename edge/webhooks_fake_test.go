package edge

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/txstream/txstream/domain"
)

// fakeWebhooks stands in for the registrations (streams/webhooks's
// Registrar and Registry, tested on a broker there): the same domain
// rules, in memory.
type fakeWebhooks struct {
	mu     sync.Mutex
	all    map[string]*domain.WebhookEndpoint
	seeded map[string]bool // survive a deletion, so routes answer in any order
	seq    int
	fail   error // every write fails with it when set
}

func newFakeWebhooks() *fakeWebhooks {
	return &fakeWebhooks{all: map[string]*domain.WebhookEndpoint{}, seeded: map[string]bool{}}
}

// webhooks is the env's fake.
func (e *env) webhooks() *fakeWebhooks { return e.cfg.Webhooks.(*fakeWebhooks) }

// seed registers an endpoint under id.
func (f *fakeWebhooks) seed(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	now := time.Now().UTC()
	f.all[id] = &domain.WebhookEndpoint{ID: id, URL: "https://example.com/" + id, Events: domain.EventTypes,
		Secret: domain.NewWebhookSecret(), CreatedAt: now, UpdatedAt: now}
	f.seeded[id] = true
}

func (f *fakeWebhooks) failWith(err error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.fail = err
}

func (f *fakeWebhooks) Register(_ context.Context, req domain.WebhookRequest) (*domain.WebhookEndpoint, error) {
	if err := req.Check(); err != nil {
		return nil, err
	}
	if strings.Contains(req.URL, "127.0.0.1") {
		return nil, fmt.Errorf("%w: the guard refuses loopback", domain.ErrInvalidWebhook)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	f.seq++
	now := time.Now().UTC()
	ep := &domain.WebhookEndpoint{ID: fmt.Sprintf("ep_%024d", f.seq), URL: req.URL, Events: req.Events,
		Description: req.Description, Secret: domain.NewWebhookSecret(), CreatedAt: now, UpdatedAt: now}
	f.all[ep.ID] = ep
	return ep, nil
}

func (f *fakeWebhooks) Rotate(_ context.Context, id string) (*domain.WebhookEndpoint, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return nil, f.fail
	}
	ep := f.all[id]
	if ep == nil {
		return nil, domain.ErrWebhookNotFound
	}
	next := ep.Rotated(time.Now().UTC(), time.Hour)
	f.all[id] = &next
	return &next, nil
}

func (f *fakeWebhooks) Delete(_ context.Context, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	if !f.seeded[id] {
		delete(f.all, id)
	}
	return nil
}

func (f *fakeWebhooks) Endpoints() []*domain.WebhookEndpoint {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]*domain.WebhookEndpoint, 0, len(f.all))
	for _, ep := range f.all {
		out = append(out, ep)
	}
	slices.SortFunc(out, func(a, b *domain.WebhookEndpoint) int { return strings.Compare(a.ID, b.ID) })
	return out
}

func (f *fakeWebhooks) Endpoint(id string) *domain.WebhookEndpoint {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.all[id]
}

func (f *fakeWebhooks) Deliveries(id string) ([]domain.WebhookDelivery, error) {
	return []domain.WebhookDelivery{{WebhookID: "msg_1", Endpoint: id, Type: domain.EventCompleted,
		TransactionID: "tx-1", Version: 2, Outcome: domain.DeliveryDelivered, Attempts: 1}}, nil
}

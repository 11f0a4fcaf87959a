package webhooks

import (
	"slices"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// RecentDeliveries bounds the deliveries kept per endpoint for GET
// /webhooks/{id}/deliveries: the newest ones, pending, delivered or
// failed. Older outcomes are in the metrics, and failed messages in the
// dead-letter topic.
const RecentDeliveries = 50

// DeliveryLog is the value of the webhook-deliveries table, per endpoint:
// its recent messages, newest first, each in its latest state.
type DeliveryLog struct {
	Schema   int                      `json:"schema"`
	Endpoint string                   `json:"endpoint_id"`
	Recent   []domain.WebhookDelivery `json:"recent"`
}

// SchemaOf returns the schema version of the value.
func (l *DeliveryLog) SchemaOf() int { return l.Schema }

// DeliveriesGraph defines the webhook-deliveries group: the deliveries
// topic in (key = endpoint id), the recent deliveries per endpoint as
// its table.
func DeliveriesGraph(cfg streams.Config, o streams.Hooks) *goka.GroupGraph {
	group := cfg.Groups.WebhookDeliveries
	dead := streams.NewDeadLetters(cfg, group, cfg.InputPartitions(group), domain.ValidateID, o)
	h := deliveriesHandler{group: group, dead: dead, o: o.WithDefaults()}
	return goka.DefineGroup(goka.Group(group),
		goka.Input(goka.Stream(cfg.Topics.WebhookDeliveries), streams.Input[domain.WebhookDelivery]{}, h.process),
		goka.Persist(streams.TableCodec[DeliveryLog]{}),
		dead.Output(),
	)
}

// NewDeliveries builds the webhook-deliveries processor.
func NewDeliveries(cfg streams.Config, o streams.Hooks, extra ...goka.ProcessorOption) (*streams.Processor, error) {
	guard := streams.NewTableGuard(cfg, cfg.Groups.WebhookDeliveries, checkLog, o)
	return streams.NewProcessor(cfg, "webhook-deliveries processor", DeliveriesGraph(cfg, o), guard, extra...)
}

func checkLog(value []byte) error {
	_, err := (streams.JSON[DeliveryLog]{}).Decode(value)
	return err
}

type deliveriesHandler struct {
	group string
	dead  streams.DeadLetters
	o     streams.Hooks
}

func (h deliveriesHandler) process(ctx goka.Context, msg any) {
	h.o.Observer.Processed(h.group, string(ctx.Topic()))
	raw, ok := h.dead.Admit(ctx, msg)
	if !ok {
		return
	}
	m, _ := (streams.Lenient[domain.WebhookDelivery]{}).Decode(raw)
	d, ok := m.(*domain.WebhookDelivery)
	if !ok {
		h.dead.Refuse(ctx, m.(*streams.Malformed))
		return
	}
	log, _ := ctx.Value().(*DeliveryLog)
	if log == nil {
		log = &DeliveryLog{Schema: domain.SchemaVersion, Endpoint: ctx.Key()}
	}
	log.Recent = record(log.Recent, *d)
	ctx.SetValue(log)
}

// record puts d first, in place of an older state of the same message; a
// state older than the one kept (outcomes of one message can arrive out
// of order across a rebalance) is ignored.
func record(recent []domain.WebhookDelivery, d domain.WebhookDelivery) []domain.WebhookDelivery {
	i := slices.IndexFunc(recent, func(r domain.WebhookDelivery) bool { return r.WebhookID == d.WebhookID })
	if i >= 0 {
		if progress(recent[i]) > progress(d) {
			return recent
		}
		recent = slices.Delete(recent, i, i+1)
	}
	recent = slices.Insert(recent, 0, d)
	if len(recent) > RecentDeliveries {
		recent = recent[:RecentDeliveries]
	}
	return recent
}

// progress orders the states of one message: more attempts are later, and
// a settled state is later than a pending one of as many attempts.
func progress(d domain.WebhookDelivery) int {
	p := d.Attempts * 2
	if d.Outcome != domain.DeliveryPending {
		p++
	}
	return p
}

package metrics_test

import (
	"context"
	"fmt"
	"strings"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/metrics"
	"github.com/txstream/txstream/streams"
)

// acked is a producer that the brokers always acknowledge.
type acked struct{}

func (acked) ProduceTransaction(context.Context, domain.TransactionRequested) error { return nil }
func (acked) ProduceConversion(context.Context, domain.ConversionRequest) error     { return nil }
func (acked) SetRate(context.Context, domain.Rate) error                            { return nil }

// Main creates one registry, builds each component's metrics on it, and
// hands them to the components as their observers or decorators.
func Example() {
	reg := metrics.NewRegistry()
	obs, err := metrics.NewStreams(reg) // pipeline.Options{Observer: obs}
	if err != nil {
		panic(err)
	}
	pm, err := metrics.NewProducer(reg)
	if err != nil {
		panic(err)
	}
	producer := pm.Wrap(acked{}, streams.DefaultConfig().Topics) // to the actors and the edge

	_ = producer.ProduceTransaction(context.Background(), domain.TransactionRequested{ID: "t1"})
	obs.Transition(domain.StatusEvent{TransactionID: "t1", StatusChange: domain.StatusChange{Status: domain.StatusCompleted}})

	mfs, err := reg.Gather()
	if err != nil {
		panic(err)
	}
	for _, mf := range mfs {
		if !strings.HasPrefix(mf.GetName(), "txstream_") || mf.GetType().String() != "COUNTER" {
			continue
		}
		for _, m := range mf.GetMetric() {
			if m.GetCounter().GetValue() == 0 {
				continue // the known series exist from the start, at zero
			}
			var labels []string
			for _, lp := range m.GetLabel() {
				labels = append(labels, lp.GetName()+"="+lp.GetValue())
			}
			fmt.Println(mf.GetName(), labels, m.GetCounter().GetValue())
		}
	}
	// Output:
	// txstream_producer_records_acknowledged_total [topic=transaction-topic] 1
	// txstream_producer_records_sent_total [topic=transaction-topic] 1
	// txstream_transaction_transitions_total [status=completed] 1
	// txstream_transactions_finished_total [reason= status=completed] 1
}

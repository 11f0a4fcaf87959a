package app

import (
	"fmt"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/plugin/kslog"

	"github.com/txstream/txstream/metrics"
	"github.com/txstream/txstream/streams"
)

// producer is the write side's one Kafka producer, instrumented; close
// flushes it.
type producer struct {
	*metrics.InstrumentedProducer
	close func() error
}

// newProducer builds the producer of the transaction and converter roles.
func newProducer(d deps) (*producer, error) {
	prod, err := streams.NewProducer(d.sc, kgo.WithLogger(kslog.New(d.log.With("component", "producer"))),
		kgo.WithHooks(metrics.NewKafkaClient(d.reg)))
	if err != nil {
		return nil, fmt.Errorf("producer: %w", err)
	}
	return &producer{InstrumentedProducer: d.obs.producer.Wrap(prod, d.sc.Topics), close: prod.Close}, nil
}

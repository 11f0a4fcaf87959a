package main

import (
	"context"
	"fmt"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams"
)

// kgoClient is franz-go's client with the edge producer's own options
// (streams.ProducerOptions): acks from all in-sync replicas, idempotent
// (five requests in flight per broker where sarama allows one), no
// compression, no linger, goka's key partitioning.
type kgoClient struct{ cl *kgo.Client }

func newKgoClient(cfg streams.Config, topic string) (*kgoClient, error) {
	cl, err := kgo.NewClient(append(streams.ProducerOptions(cfg), kgo.DefaultProduceTopic(topic))...)
	if err != nil {
		return nil, fmt.Errorf("kgo client: %w", err)
	}
	return &kgoClient{cl: cl}, nil
}

func (c *kgoClient) send(key string, value []byte, done func(error)) error {
	c.cl.Produce(context.Background(), &kgo.Record{Key: []byte(key), Value: value},
		func(_ *kgo.Record, err error) { done(err) })
	return nil
}

func (c *kgoClient) close() error {
	err := c.cl.Flush(context.Background())
	c.cl.Close()
	return err
}

package main

import (
	"fmt"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/codec"

	"github.com/txstream/txstream/streams"
)

// saramaClient is goka's emitter over sarama with txstream's emitter
// options (streams.Config.EmitterOptions): what the producer uses today.
type saramaClient struct{ emitter *goka.Emitter }

func newSaramaClient(cfg streams.Config, topic string) (*saramaClient, error) {
	return newEmitterClient(cfg, topic, cfg.EmitterOptions())
}

// newSaramaASAPClient is the same emitter flushing as soon as a record is
// there (sarama's Flush.Frequency, Bytes and Messages all zero) instead of
// on txstream's 1 ms tick: it tells the flush timer's share of the ack
// latency from the client's.
func newSaramaASAPClient(cfg streams.Config, topic string) (*saramaClient, error) {
	sc := cfg.Sarama()
	sc.Producer.Flush.Frequency, sc.Producer.Flush.Bytes, sc.Producer.Flush.Messages = 0, 0, 0
	return newEmitterClient(cfg, topic, []goka.EmitterOption{
		goka.WithEmitterClientID(cfg.ClientID),
		goka.WithEmitterProducerBuilder(goka.ProducerBuilderWithConfig(sc)),
		goka.WithEmitterHasher(streams.Hasher()),
	})
}

func newEmitterClient(cfg streams.Config, topic string, opts []goka.EmitterOption) (*saramaClient, error) {
	e, err := goka.NewEmitter(cfg.Brokers, goka.Stream(topic), new(codec.Bytes), opts...)
	if err != nil {
		return nil, fmt.Errorf("emitter: %w", err)
	}
	return &saramaClient{emitter: e}, nil
}

func (c *saramaClient) send(key string, value []byte, done func(error)) error {
	promise, err := c.emitter.Emit(key, value)
	if err != nil {
		return err
	}
	promise.Then(done)
	return nil
}

func (c *saramaClient) close() error { return c.emitter.Finish() }

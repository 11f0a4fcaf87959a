package streams

import (
	"hash"

	"github.com/IBM/sarama"
	"github.com/lovoo/goka"
)

// goka's *WithConfig builders write ClientID (and, for producers, the
// partitioner) into the *sarama.Config they were given, every time they
// build a client. One config shared by several builders is thus written by
// one client's builder while another client's goroutines read it, a data
// race the race detector reports as soon as a processor has a Lookup table
// (its view's client runs while the consumer group is built). These
// builders give every client a config of its own.

func consumerGroupBuilder(c Config) goka.ConsumerGroupBuilder {
	return func(brokers []string, group, clientID string) (sarama.ConsumerGroup, error) {
		return goka.ConsumerGroupBuilderWithConfig(c.Sarama())(brokers, group, clientID)
	}
}

func saramaConsumerBuilder(c Config) goka.SaramaConsumerBuilder {
	return func(brokers []string, clientID string) (sarama.Consumer, error) {
		return goka.SaramaConsumerBuilderWithConfig(c.Sarama())(brokers, clientID)
	}
}

func producerBuilder(c Config) goka.ProducerBuilder {
	return func(brokers []string, clientID string, hasher func() hash.Hash32) (goka.Producer, error) {
		return goka.ProducerBuilderWithConfig(c.Sarama())(brokers, clientID, hasher)
	}
}

func topicManagerBuilder(c Config) goka.TopicManagerBuilder {
	return func(brokers []string) (goka.TopicManager, error) {
		cfg := c
		cfg.Brokers = brokers
		return NewTopicManager(cfg)
	}
}

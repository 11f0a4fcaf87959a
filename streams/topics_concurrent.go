package streams

import (
	"strings"
	"time"

	"github.com/IBM/sarama"
	"github.com/lovoo/goka"
)

// topicVisibleTimeout bounds the wait for a topic another process created
// to show in the metadata.
const topicVisibleTimeout = 30 * time.Second

// CreatedMeanwhile reports whether err, from goka's Ensure*Exists, means
// that another process created topic first, and then waits until the
// topic shows in the metadata. goka looks a topic up and then creates it,
// so processes that start together on a new cluster race; the loser gets
// the broker's TOPIC_ALREADY_EXISTS, which goka wraps with %v (so errors.Is
// cannot see it), while the metadata may not list the topic yet. Such a
// topic is no failure: the caller checks it like any existing topic.
func CreatedMeanwhile(tm goka.TopicManager, topic string, err error) bool {
	if err == nil || !strings.Contains(err.Error(), sarama.ErrTopicAlreadyExists.Error()) {
		return false
	}
	got, perr := visiblePartitions(tm, topic)
	return perr == nil && len(got) > 0
}

// visiblePartitions is tm.Partitions(topic), asked again while the answer
// says the topic does not exist, until topicVisibleTimeout: on a cluster
// of several brokers, each learns of a new topic from the controller on
// its own, so the broker a metadata request reaches may not list a topic
// that goka has just created and seen on another.
func visiblePartitions(tm goka.TopicManager, topic string) ([]int32, error) {
	deadline := time.Now().Add(topicVisibleTimeout)
	for wait := 20 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		got, err := tm.Partitions(topic)
		if (err == nil && len(got) > 0) || (err != nil && !notFound(err)) || time.Now().After(deadline) {
			return got, err
		}
		time.Sleep(wait) // the metadata catching up with the controller
	}
}

// notFound reports whether err is goka's "requested topic was not found",
// which it does not export.
func notFound(err error) bool { return strings.Contains(err.Error(), "requested topic was not found") }

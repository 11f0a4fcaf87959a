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
	deadline := time.Now().Add(topicVisibleTimeout)
	for wait := 20 * time.Millisecond; ; wait = min(2*wait, time.Second) {
		if got, perr := tm.Partitions(topic); perr == nil && len(got) > 0 {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(wait) // the metadata catching up with the controller
	}
}

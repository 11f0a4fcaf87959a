package streams

import (
	"errors"
	"testing"

	"github.com/lovoo/goka"
)

// laggingMetadata is a topic manager on a cluster whose brokers learn of a
// new topic one after the other: the broker a metadata request reaches may
// not list a topic that goka has just created and seen on another, for
// the first few requests.
type laggingMetadata struct {
	goka.TopicManager
	misses int
}

func (l *laggingMetadata) EnsureStreamExists(string, int) error { return nil }

func (l *laggingMetadata) Partitions(string) ([]int32, error) {
	if l.misses > 0 {
		l.misses--
		return nil, errors.New("requested topic was not found") // goka's errTopicNotFound
	}
	return []int32{0, 1, 2}, nil
}

// TestEnsureStreamWaitsForTheMetadata: a topic just created may be missing
// from the next metadata answer (another broker of the cluster); that is
// no reason to refuse the start.
func TestEnsureStreamWaitsForTheMetadata(t *testing.T) {
	tm := &laggingMetadata{misses: 3}
	if err := ensureStream(tm, streamTopic{name: "t", partitions: 3, coPartitioned: true}, 3); err != nil {
		t.Fatalf("ensureStream = %v, want the topic once the metadata lists it", err)
	}
}

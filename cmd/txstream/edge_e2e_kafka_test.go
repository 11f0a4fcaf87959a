package main

import (
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/internal/testenv"
)

// topicKeys reads topic from its start to its end offsets, as they are
// when called, and counts the records of each key.
func (s *e2eStack) topicKeys(t testing.TB, topic string) map[string]int {
	t.Helper()
	keys := map[string]int{}
	for _, r := range testenv.ReadToEnd(t, s.brokers, topic) {
		keys[string(r.Key)]++
	}
	return keys
}

// hold makes the embedded broker sit on every request of kind key that
// names topic, as a broker that stopped answering would, until release
// is called; the requests held are then served as usual. Other requests
// and topics go on. It needs the embedded broker.
type hold struct {
	release func()
	held    func() int
}

// waitHeld waits until n requests are held. For a consumer, one held
// fetch means none of its fetches is still waiting at the broker, where
// it could pick up a new record: from then on it reads nothing.
func (h hold) waitHeld(t testing.TB, n int) {
	t.Helper()
	testenv.Eventually(t, 10*time.Second, func() bool { return h.held() >= n }, "%d requests held", n)
}

// needEmbeddedBroker skips t when the stack runs on KAFKA_BROKERS, whose
// requests cannot be held.
func (s *e2eStack) needEmbeddedBroker(t *testing.T) {
	t.Helper()
	if s.cluster == nil {
		t.Skip("holding a processor's requests needs the embedded broker; KAFKA_BROKERS is set")
	}
}

func holdRequests(t testing.TB, cluster *kfake.Cluster, key kmsg.Key, topic string) hold {
	t.Helper()
	var (
		mu       sync.Mutex
		released bool
		count    int
	)
	gate := make(chan struct{})
	var id [16]byte // newer requests name the topic by its id (franz-go's produce)
	if info := cluster.TopicInfo(topic); info != nil {
		id = info.TopicID
	}
	cluster.ControlKey(int16(key), func(req kmsg.Request) (kmsg.Response, error, bool) {
		mu.Lock()
		hit := !released && names(req, topic, id)
		if hit {
			count++
		}
		mu.Unlock()
		if hit {
			cluster.SleepControl(func() { <-gate })
		}
		return nil, nil, false // the broker then serves it as usual
	})
	var once sync.Once
	release := func() {
		once.Do(func() {
			mu.Lock()
			released = true
			mu.Unlock()
			close(gate)
		})
	}
	t.Cleanup(release) // never leave the broker holding requests
	return hold{release: release, held: func() int { mu.Lock(); defer mu.Unlock(); return count }}
}

// names reports whether a produce or fetch request names topic, by its
// name or (from produce v13 and fetch v13 on) by its id.
func names(req kmsg.Request, topic string, id [16]byte) bool {
	is := func(name string, tid [16]byte) bool { return name == topic || (id != [16]byte{} && tid == id) }
	switch r := req.(type) {
	case *kmsg.ProduceRequest:
		for _, tp := range r.Topics {
			if is(tp.Topic, tp.TopicID) {
				return true
			}
		}
	case *kmsg.FetchRequest:
		for _, tp := range r.Topics {
			if is(tp.Topic, tp.TopicID) {
				return true
			}
		}
	}
	return false
}

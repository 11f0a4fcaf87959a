package streams

import (
	"sync"
	"sync/atomic"

	"github.com/IBM/sarama"
	"github.com/twmb/franz-go/pkg/kgo"
)

// viewPartition is one partition of a view, as goka reads it: a
// sarama.PartitionConsumer fed by the ViewConsumer's fetch loop through a
// queue of its own, which its forwarding goroutine empties into Messages
// at the pace the view takes them.
type viewPartition struct {
	vc       *ViewConsumer
	tp       topicPartition
	messages chan *sarama.ConsumerMessage
	errors   chan *sarama.ConsumerError
	hwm      atomic.Int64

	mu      sync.Mutex
	queue   []*kgo.Record
	queued  int   // bytes of the keys and values in queue
	handing int   // bytes of the batch the forwarder is handing over
	next    int64 // the offset after the last record queued; older ones are refetches
	paused  bool  // by push, at viewQueueBytes
	held    bool  // by Pause, until Resume
	wake    chan struct{}
	closing chan struct{}
	closed  bool
	done    chan struct{} // the forwarder has returned and closed the channels
}

func newViewPartition(vc *ViewConsumer, tp topicPartition, offset int64) *viewPartition {
	p := &viewPartition{
		vc:       vc,
		tp:       tp,
		messages: make(chan *sarama.ConsumerMessage, 256), // sarama's ChannelBufferSize
		errors:   make(chan *sarama.ConsumerError, 16),
		next:     max(offset, 0),
		wake:     make(chan struct{}, 1),
		closing:  make(chan struct{}),
		done:     make(chan struct{}),
	}
	go p.forward()
	return p
}

// push queues records for the view, dropping those before the partition's
// position (a fetch that was in flight when the partition was consumed
// again), and pauses the partition at the client once what is queued and
// what the forwarder is handing over reach viewQueueBytes. The pause and
// take's resume happen under the partition's lock, so that a resume never
// comes before the pause it undoes.
func (p *viewPartition) push(records []*kgo.Record) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	for _, r := range records {
		if r.Offset < p.next {
			continue
		}
		p.queue = append(p.queue, r)
		p.queued += len(r.Key) + len(r.Value)
		p.next = r.Offset + 1
	}
	select {
	case p.wake <- struct{}{}:
	default:
	}
	if p.queued+p.handing >= viewQueueBytes && !p.paused {
		p.paused = true
		p.vc.cl.PauseFetchPartitions(p.tps())
	}
}

// tps is the partition as the client's pause and resume name it.
func (p *viewPartition) tps() map[string][]int32 {
	return map[string][]int32{p.tp.topic: {p.tp.partition}}
}

// take is called once the forwarder has handed its last batch over: it
// waits for queued records and takes them all, resuming the partition if
// push paused it and what the forwarder now holds is under the bound; nil
// once the partition is closing.
func (p *viewPartition) take() []*kgo.Record {
	p.mu.Lock()
	p.handing = 0
	p.mu.Unlock()
	for {
		p.mu.Lock()
		if p.closed {
			p.mu.Unlock()
			return nil
		}
		batch := p.queue
		p.queue, p.handing, p.queued = nil, p.queued, 0
		if p.paused && p.handing < viewQueueBytes {
			p.paused = false
			if !p.held {
				p.vc.cl.ResumeFetchPartitions(p.tps())
			}
		}
		p.mu.Unlock()
		if len(batch) > 0 {
			return batch
		}
		select {
		case <-p.wake:
		case <-p.closing:
			return nil
		}
	}
}

// forward hands the queued records to the view until the partition is
// closed, then closes the view's channels.
func (p *viewPartition) forward() {
	defer close(p.done)
	defer close(p.errors)
	defer close(p.messages)
	for {
		batch := p.take()
		if batch == nil {
			return
		}
		for _, r := range batch {
			select {
			case p.messages <- consumerMessage(r):
			case <-p.closing:
				return
			}
		}
	}
}

// fail hands err to the view; one pending error is enough to make it
// restart the partition, so more are dropped.
func (p *viewPartition) fail(err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return
	}
	select {
	case p.errors <- &sarama.ConsumerError{Topic: p.tp.topic, Partition: p.tp.partition, Err: err}:
	default:
	}
}

// stop closes the partition without releasing it at the client.
func (p *viewPartition) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.closed {
		p.closed = true
		close(p.closing)
	}
}

// AsyncClose stops fetching the partition; Messages and Errors close soon
// after.
func (p *viewPartition) AsyncClose() {
	p.vc.release(p)
	p.stop()
}

// Close stops fetching the partition and waits until Messages and Errors
// are closed.
func (p *viewPartition) Close() error {
	p.AsyncClose()
	<-p.done
	return nil
}

func (p *viewPartition) Messages() <-chan *sarama.ConsumerMessage { return p.messages }
func (p *viewPartition) Errors() <-chan *sarama.ConsumerError     { return p.errors }
func (p *viewPartition) HighWaterMarkOffset() int64               { return p.hwm.Load() }

// Pause stops fetching the partition until Resume, whatever its queue.
func (p *viewPartition) Pause() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.held = true
	p.vc.cl.PauseFetchPartitions(p.tps())
}

// Resume fetches the partition again, unless its queue is full.
func (p *viewPartition) Resume() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.held = false
	if !p.paused {
		p.vc.cl.ResumeFetchPartitions(p.tps())
	}
}

// IsPaused reports whether Pause holds the partition.
func (p *viewPartition) IsPaused() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.held
}

// consumerMessage is a fetched record as sarama hands it to goka.
func consumerMessage(r *kgo.Record) *sarama.ConsumerMessage {
	m := &sarama.ConsumerMessage{
		Key:       r.Key,
		Value:     r.Value,
		Topic:     r.Topic,
		Partition: r.Partition,
		Offset:    r.Offset,
		Timestamp: r.Timestamp,
	}
	if len(r.Headers) > 0 {
		m.Headers = make([]*sarama.RecordHeader, len(r.Headers))
		for i, h := range r.Headers {
			m.Headers[i] = &sarama.RecordHeader{Key: []byte(h.Key), Value: h.Value}
		}
	}
	return m
}

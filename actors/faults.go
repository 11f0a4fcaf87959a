package actors

import (
	"fmt"
	"sync"
)

// FaultPoint says where in the handling of a submit an injected panic fires.
type FaultPoint int

const (
	// BeforeProduce panics before anything is produced: the request fails
	// with ErrActorFailed and a retry produces.
	BeforeProduce FaultPoint = iota
	// AfterAck panics after Kafka acknowledged: the request fails with
	// ErrActorFailed and a retry is a replay.
	AfterAck
)

// FaultInjector makes the handling of chosen ids panic, once each, to test
// supervision from this package and from the edge's tests. Set it in
// Config.Faults; production leaves it nil, which costs one nil check per
// submit.
type FaultInjector struct {
	mu    sync.Mutex
	armed map[faultKey]struct{}
}

type faultKey struct {
	kind  Kind
	id    string
	point FaultPoint
}

// injectedPanic is the panic value of an injected fault.
type injectedPanic struct{ faultKey }

func (p injectedPanic) String() string {
	return fmt.Sprintf("injected panic for %s %s", p.kind, p.id)
}

// NewFaultInjector returns an injector with nothing armed.
func NewFaultInjector() *FaultInjector {
	return &FaultInjector{armed: make(map[faultKey]struct{})}
}

// PanicOnce makes the next submit of id (of kind) panic at point.
func (f *FaultInjector) PanicOnce(kind Kind, id string, point FaultPoint) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.armed[faultKey{kind, id, point}] = struct{}{}
}

// trip panics if a fault is armed for kind, id and point, disarming it.
func (f *FaultInjector) trip(kind Kind, id string, point FaultPoint) {
	if f == nil {
		return
	}
	k := faultKey{kind, id, point}
	f.mu.Lock()
	_, ok := f.armed[k]
	delete(f.armed, k)
	f.mu.Unlock()
	if ok {
		panic(injectedPanic{k})
	}
}

package actors

import (
	"hash/maphash"
	"sync"
	"sync/atomic"
	"time"

	"github.com/asynkron/protoactor-go/actor"
)

const shardCount = 64

// registry maps the ids of one kind to their live actors. It is sharded so
// that callers for different ids rarely share a lock; a shard's lock is held
// only to look up, spawn, post (non-blocking) and remove.
type registry struct {
	g      *Gateway
	kind   Kind
	prefix string // of actor names: gateway prefix + kind + "/"
	seed   maphash.Seed
	shards [shardCount]shard
}

type shard struct {
	mu     sync.Mutex
	cells  map[string]*cell
	closed bool // set by shutdown: nothing more is sent
}

// cell is what outlives one incarnation of an id's actor: created with the
// first actor for the id, dropped when the actor passivates or shuts down.
// It holds only facts (what Kafka acknowledged, who waits), never state
// derived from the tables, which each incarnation reads afresh.
type cell struct {
	id    string
	shard *shard
	pid   *actor.PID // guarded by shard.mu; the actor never reads it
	sent  uint64     // guarded by shard.mu: messages posted by the gateway

	// Owned by the actor (one incarnation at a time).
	handled  uint64     // gateway messages dequeued; == sent means none queued
	accepted string     // fingerprint seen in the table, or acknowledged by Kafka without verdicts
	ackedAt  time.Time  // when this process's produce was acknowledged
	waiters  []*request // Wait calls not answered yet
	produced string     // with verdicts: fingerprint acknowledged, not yet in the table
	verdicts []verdictWaiter

	// Written by the actor, read by Gateway.Pending.
	pending atomic.Bool
}

func newRegistry(g *Gateway, kind Kind) *registry {
	r := &registry{g: g, kind: kind, prefix: g.prefix + string(kind) + "/", seed: maphash.MakeSeed()}
	for i := range r.shards {
		r.shards[i].cells = make(map[string]*cell)
	}
	return r
}

func (r *registry) shard(id string) *shard {
	return &r.shards[maphash.String(r.seed, id)%shardCount]
}

// send posts msg to id's actor, spawning it first when spawn is set. It
// returns false, nil when there is no actor and spawn is not set.
func (r *registry) send(id string, msg any, spawn bool) (bool, error) {
	sh := r.shard(id)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.closed {
		return false, ErrStopping
	}
	c := sh.cells[id]
	if c == nil && !spawn {
		return false, nil
	}
	if c == nil {
		c = r.spawn(sh, id)
	}
	c.sent++
	if req, ok := msg.(*request); ok {
		req.seq = c.sent
	}
	r.g.system.Root.Send(c.pid, msg)
	return true, nil
}

// spawn starts id's actor under the gateway's supervisor. The name is unique
// per incarnation of the cell, since a passivated actor's name stays taken
// until protoactor has finished stopping it.
func (r *registry) spawn(sh *shard, id string) *cell {
	c := &cell{id: id, shard: sh}
	props := actor.PropsFromProducer(func() actor.Actor { return newIDActor(r, c) },
		actor.WithGuardian(r.g.supervisor))
	c.pid = r.g.system.Root.SpawnPrefix(props, r.prefix+id+"/")
	sh.cells[id] = c
	r.g.actorStarted(r.kind)
	return c
}

// lookup returns id's cell, if it has a live actor.
func (r *registry) lookup(id string) *cell {
	sh := r.shard(id)
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.cells[id]
}

// release unregisters c if it is still registered and either force is set
// or every message sent to it has been handled, so that nothing is left in a
// mailbox that is about to stop. It reports whether c was removed by it.
func (r *registry) release(c *cell, force bool) bool {
	c.shard.mu.Lock()
	ok := c.shard.cells[c.id] == c && (force || c.sent == c.handled)
	if ok {
		delete(c.shard.cells, c.id)
	}
	c.shard.mu.Unlock()
	if ok {
		r.g.actorGone()
	}
	return ok
}

// closeAll refuses further sends and posts shutdown to every live actor,
// after whatever it already has queued.
func (r *registry) closeAll() {
	for i := range r.shards {
		sh := &r.shards[i]
		sh.mu.Lock()
		sh.closed = true
		for _, c := range sh.cells {
			c.sent++
			r.g.system.Root.Send(c.pid, shutdownMsg)
		}
		sh.mu.Unlock()
	}
}

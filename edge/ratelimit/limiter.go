package ratelimit

import (
	"container/list"
	"math"
	"net/netip"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter holds one token bucket (golang.org/x/time/rate) per key name
// and per anonymous client address block, all of the same rate and
// burst.
//
// The buckets are bounded in memory two ways, both without a goroutine
// of their own. They are kept in least-recently-used order; each decision
// first drops a few buckets from the old end that have been idle long
// enough to fill up again (Config.fill), since a full bucket is the same
// as a new one and dropping it changes no answer. And when MaxBuckets are
// held, the least recently used is dropped to make room even if it is not
// yet full: memory stays bounded when more clients than that are active
// at once, at the price that such a client may get a fresh bucket early.
type Limiter struct {
	cfg     Config
	fill    time.Duration
	key     Policy
	address Policy
	mu      sync.Mutex // guards lru and buckets; held for one decision
	lru     *list.List // of *bucket, most recently used at the front
	buckets map[partition]*list.Element
}

type bucket struct {
	part     partition
	lim      *rate.Limiter
	lastSeen time.Time
}

// sweepPerDecision bounds the idle buckets one decision drops, so that
// no request pays for a mass expiry; each bucket is dropped once, so the
// work stays constant per request on average.
const sweepPerDecision = 4

// New returns a Limiter for cfg.
func New(cfg Config) (*Limiter, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	return &Limiter{
		cfg:     cfg,
		fill:    cfg.fill(),
		key:     newPolicy(PolicyKey, cfg),
		address: newPolicy(PolicyAddress, cfg),
		lru:     list.New(),
		buckets: make(map[partition]*list.Element),
	}, nil
}

// AllowKey spends one request of the key named name.
func (l *Limiter) AllowKey(name string) Decision {
	return l.allow(partition{key: name}, l.key)
}

// AllowAddress spends one request of an anonymous client at addr.
func (l *Limiter) AllowAddress(addr netip.Addr) Decision {
	return l.allow(partition{block: addressBlock(addr)}, l.address)
}

// Len is the number of buckets held.
func (l *Limiter) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}

func (l *Limiter) allow(p partition, policy Policy) Decision {
	now := l.cfg.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.sweep(now)
	b := l.bucket(p, now)
	allowed := b.lim.AllowN(now, 1)
	return l.decision(allowed, b.lim.TokensAt(now), policy)
}

// decision reads the bucket after the request: the whole requests left,
// and the time until the next whole one.
func (l *Limiter) decision(allowed bool, tokens float64, policy Policy) Decision {
	tokens = max(tokens, 0)
	left := math.Floor(tokens)
	wait := (left + 1 - tokens) / l.cfg.Rate
	return Decision{
		Allowed:   allowed,
		Policy:    policy,
		Remaining: int(left),
		Wait:      time.Duration(wait * float64(time.Second)),
	}
}

// bucket returns p's bucket, made full if p has none, and marks it used.
func (l *Limiter) bucket(p partition, now time.Time) *bucket {
	if e, ok := l.buckets[p]; ok {
		l.lru.MoveToFront(e)
		b := e.Value.(*bucket)
		b.lastSeen = now
		return b
	}
	if l.lru.Len() >= l.cfg.MaxBuckets {
		l.remove(l.lru.Back())
	}
	b := &bucket{part: p, lim: rate.NewLimiter(rate.Limit(l.cfg.Rate), l.cfg.Burst), lastSeen: now}
	l.buckets[p] = l.lru.PushFront(b)
	return b
}

// sweep drops up to sweepPerDecision buckets from the old end that have
// filled up again.
func (l *Limiter) sweep(now time.Time) {
	for range sweepPerDecision {
		e := l.lru.Back()
		if e == nil || now.Sub(e.Value.(*bucket).lastSeen) < l.fill {
			return
		}
		l.remove(e)
	}
}

func (l *Limiter) remove(e *list.Element) {
	delete(l.buckets, e.Value.(*bucket).part)
	l.lru.Remove(e)
}

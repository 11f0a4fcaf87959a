package embedded

import (
	"fmt"
	"time"

	"github.com/alicebob/miniredis/v2"
)

// expiryTick is how often Redis tells miniredis the time that has passed.
// Each tick walks every key (miniredis sorts them), so it is coarse: keys
// with a TTL expire up to one tick late, which is nothing against the
// cache's one-minute TTL.
const expiryTick = 5 * time.Second

// Redis is the embedded Redis-protocol server. miniredis counts TTLs down
// only when told to (FastForward), so Redis tells it, every tick, the real
// time that has passed: otherwise no key would ever expire, the cache's
// entries would pile up for the life of the process, and the cache's "one
// TTL" of distrust after a lost refresh would never end for the entries
// written before it.
type Redis struct {
	*miniredis.Miniredis
	stop chan struct{}
	done chan struct{}
}

// StartRedis starts a Redis-protocol server on loopback at addr ("" or
// "127.0.0.1:0" picks a free port). Close stops it.
func StartRedis(addr string) (*Redis, error) {
	return startRedis(addr, expiryTick)
}

func startRedis(addr string, tick time.Duration) (*Redis, error) {
	srv := miniredis.NewMiniRedis()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if err := srv.StartAddr(addr); err != nil {
		return nil, fmt.Errorf("start embedded redis on %s: %w", addr, err)
	}
	r := &Redis{Miniredis: srv, stop: make(chan struct{}), done: make(chan struct{})}
	go r.expire(tick)
	return r, nil
}

// expire moves miniredis's TTLs on by the real time elapsed, every tick,
// until Close.
func (r *Redis) expire(tick time.Duration) {
	defer close(r.done)
	t := time.NewTicker(tick)
	defer t.Stop()
	last := time.Now()
	for {
		select {
		case <-r.stop:
			return
		case now := <-t.C:
			r.FastForward(now.Sub(last))
			last = now
		}
	}
}

// Close stops the expiry and the server.
func (r *Redis) Close() {
	select {
	case <-r.stop:
		return
	default:
		close(r.stop)
	}
	<-r.done
	r.Miniredis.Close()
}

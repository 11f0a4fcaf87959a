package embedded

import (
	"errors"
	"fmt"
	"net"
	"sync"
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
//
// Redis accepts the connections itself and hands miniredis each one
// wrapped in a replyConn, which sends the replies to a pipeline of
// commands in one write instead of one write per reply.
type Redis struct {
	*miniredis.Miniredis
	ln      net.Listener
	stop    chan struct{}
	workers sync.WaitGroup // the expiry ticker and the accept loop
	close   sync.Once
}

// StartRedis starts a Redis-protocol server on loopback at addr ("" or
// "127.0.0.1:0" picks a free port). Close stops it.
func StartRedis(addr string) (*Redis, error) {
	return startRedis(addr, expiryTick)
}

func startRedis(addr string, tick time.Duration) (*Redis, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("start embedded redis on %s: %w", addr, err)
	}
	srv := miniredis.NewMiniRedis()
	// Dial is miniredis's one way to start its server without a listener
	// of its own; the pipe it returns is not used.
	pipe, err := srv.Dial()
	if err != nil {
		return nil, errors.Join(fmt.Errorf("start embedded redis: %w", err), ln.Close())
	}
	_ = pipe.Close()
	r := &Redis{Miniredis: srv, ln: ln, stop: make(chan struct{})}
	r.workers.Go(func() { r.expire(tick) })
	r.workers.Go(r.accept)
	return r, nil
}

// Addr is the server's address, host:port.
func (r *Redis) Addr() string { return r.ln.Addr().String() }

// accept hands miniredis every connection until the listener closes.
func (r *Redis) accept() {
	for {
		conn, err := r.ln.Accept()
		if err != nil {
			return
		}
		r.Server().ServeConn(&replyConn{Conn: conn})
	}
}

// expire moves miniredis's TTLs on by the real time elapsed, every tick,
// until Close.
func (r *Redis) expire(tick time.Duration) {
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

// Close stops the expiry, the listener and the server, whose connections
// it closes.
func (r *Redis) Close() {
	r.close.Do(func() {
		close(r.stop)
		_ = r.ln.Close()
		r.workers.Wait()
		r.Miniredis.Close()
	})
}

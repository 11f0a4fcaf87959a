package actors

import (
	"context"
	"fmt"
	"time"
)

// Run owns the actor layer's lifetime: it returns once ctx is done and the
// layer has shut down. Shutdown refuses new calls with ErrStopping, lets
// every actor finish what is already queued (produces run to their ack or
// ProduceTimeout), answers waiters with ErrStopping, and stops the actors.
// At Config.ShutdownTimeout it cancels the remaining produces, fails the
// callers still waiting with ErrStopping and returns ErrShutdownTimeout.
// It shuts the actor system down on the way out. Call it once.
func (g *Gateway) Run(ctx context.Context) error {
	<-ctx.Done()
	err := ErrStopping
	g.runOnce.Do(func() { err = g.shutdown() })
	return err
}

func (g *Gateway) shutdown() error {
	g.stopping.Store(true)
	g.txs.closeAll()
	g.convs.closeAll()
	if g.live.Load() == 0 {
		g.drainOnce.Do(func() { close(g.drained) })
	}
	timer := time.NewTimer(g.cfg.ShutdownTimeout)
	defer timer.Stop()
	var err error
	select {
	case <-g.drained:
	case <-timer.C:
		err = fmt.Errorf("%w: %d actors after %s", ErrShutdownTimeout, g.live.Load(), g.cfg.ShutdownTimeout)
		close(g.abort)
	}
	g.cancelBase()
	g.system.EventStream.Unsubscribe(g.sub)
	g.system.Shutdown()
	return err
}

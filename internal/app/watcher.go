package app

import (
	"context"
	"time"

	"github.com/txstream/txstream/internal/app/stage"
)

// readyPoll is how often the watcher looks at the readiness. goka offers
// no recovery callback, so this is a poll; it ends at readiness.
const readyPoll = 50 * time.Millisecond

// watcher logs when the process first becomes ready, prints the banner
// with its addresses and calls Options.OnReady. The addresses are bound
// before it starts, so ready means served.
func (a *App) watcher() stage.Component {
	return stage.Component{Name: "readiness watcher", Run: func(ctx context.Context) error {
		start := time.Now()
		ticker := time.NewTicker(readyPoll)
		defer ticker.Stop()
		for !a.ready.Ready() {
			select {
			case <-ctx.Done():
				return nil
			case <-ticker.C:
			}
		}
		a.log.Info("ready", "recovered_in", time.Since(start).Round(time.Millisecond), "roles", a.roles.String())
		a.printBanner()
		if a.onReady != nil {
			if err := a.onReady(a.Addresses()); err != nil {
				return err
			}
		}
		<-ctx.Done()
		return nil
	}}
}

package app

import (
	"context"
	"time"

	"github.com/txstream/txstream/internal/app/stage"
)

// readyPoll is how often the watcher looks at the readiness. goka offers
// no recovery callback, so this is a poll; it ends at readiness.
const readyPoll = 50 * time.Millisecond

// watcher logs when the process first becomes ready and announces it.
// The addresses are bound before it starts, so ready means served.
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
		if err := a.announce(); err != nil {
			return err
		}
		<-ctx.Done()
		return nil
	}}
}

// announce writes the addresses file, prints the banner and calls
// Options.OnReady.
func (a *App) announce() error {
	addrs := a.Addresses()
	if err := writeAddresses(a.addrFile, addrs); err != nil {
		return err
	}
	a.printBanner()
	if a.onReady != nil {
		return a.onReady(addrs)
	}
	return nil
}

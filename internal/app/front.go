package app

import (
	"fmt"
	"net/http"

	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/edge/console"
	"github.com/txstream/txstream/internal/app/admin"
	"github.com/txstream/txstream/metrics"
)

// frontParts are the process's HTTP servers, built last: they serve the
// graph and answer /readyz with the one readiness.
type frontParts struct {
	services []service
	admin    *admin.Server    // nil without --metrics-addr
	console  *console.Console // nil without the manager role
}

// front registers txstream_ready and builds the services and the process
// address, each on the listener bound for it.
func (a *App) front(d deps, g *graph) (frontParts, error) {
	if err := metrics.NewReady(d.reg, a.ready.Ready); err != nil {
		return frontParts{}, fmt.Errorf("metrics: %w", err)
	}
	var gokaUI http.Handler
	if d.cfg.GokaMonitor {
		var err error
		if gokaUI, err = newGokaMonitor(g, d); err != nil {
			return frontParts{}, err
		}
	}
	tables := servedTables{g.views, a.ready}
	ops, err := newConsole(d, tables, g.webhooks)
	if err != nil {
		return frontParts{}, err
	}
	var consoleUI http.Handler
	if ops != nil {
		consoleUI = ops
	}
	svcs, err := newServices(serviceDeps{d: d, g: g, tables: tables, gokaUI: gokaUI, console: consoleUI, ln: a.ln})
	if err != nil {
		return frontParts{}, err
	}
	f := frontParts{services: svcs, console: ops}
	if ln := a.ln[ListenMetrics]; ln != nil {
		f.admin = admin.New(ln, admin.Config{
			Limits:   edgeConfig(d.cfg, d.reg, d.obs.edge, d.log),
			Registry: d.reg,
			NotReady: a.ready.NotReady,
			Goka:     gokaUI,
			Console:  consoleUI,
			Auth:     d.guard.secure(edge.Config{}).Auth,
		})
	}
	a.services = svcs
	return f, nil
}

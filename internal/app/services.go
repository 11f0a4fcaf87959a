package app

import (
	"context"
	"fmt"
	"net"
	"net/http"

	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/internal/app/admin"
	"github.com/txstream/txstream/internal/app/stage"
)

// service is one HTTP service of the process, on the listener bound for it
// up front.
type service struct {
	name     string // for the banner and the logs
	listener Listener
	srv      *edge.Server
	ln       net.Listener
}

func (s service) component() stage.Component {
	return stage.Component{Name: s.name, Run: func(ctx context.Context) error { return s.srv.Serve(ctx, s.ln) }}
}

// serviceDeps is what the services are built from: the graph's parts, the one
// readiness, the monitor, and the bound listeners.
type serviceDeps struct {
	d      deps
	g      *graph
	tables servedTables
	gokaUI http.Handler // nil without --goka-monitor
	// console is the operator console (edge/console), nil without the
	// manager role.
	console http.Handler
	ln      listeners
}

// newServices builds the HTTP services of the roles, in the order the
// banner lists them.
func newServices(f serviceDeps) ([]service, error) {
	builders := []struct {
		role  Role
		build func(serviceDeps, edge.Config) (service, error)
	}{
		{RoleTransaction, transactionService},
		{RoleConverter, converterService},
		{RoleManager, managerService},
	}
	var svcs []service
	for _, b := range builders {
		if !f.d.cfg.Roles.Has(b.role) {
			continue
		}
		ec := f.ln.bound(f.d.guard.secure(edgeConfig(f.d.cfg, f.d.reg, f.d.obs.edge, f.d.log)))
		ec.Streams = f.d.obs.events
		s, err := b.build(f, ec)
		if err != nil {
			return nil, err
		}
		svcs = append(svcs, s)
	}
	return svcs, nil
}

func transactionService(f serviceDeps, ec edge.Config) (service, error) {
	srv, err := edge.NewTransactionService(ec, f.g.gateway, f.tables, f.g.cache.Cache)
	if err != nil {
		return service{}, fmt.Errorf("transaction service: %w", err)
	}
	return service{"Transaction Service", ListenTransaction, srv, f.ln[ListenTransaction]}, nil
}

func converterService(f serviceDeps, ec edge.Config) (service, error) {
	srv, err := edge.NewConverterService(ec, f.g.gateway, f.tables, f.g.producer)
	if err != nil {
		return service{}, fmt.Errorf("converter service: %w", err)
	}
	return service{"Value Converter Service", ListenConverter, srv, f.ln[ListenConverter]}, nil
}

func managerService(f serviceDeps, ec edge.Config) (service, error) {
	if f.gokaUI != nil {
		ec.Monitor, ec.MonitorPrefix = f.gokaUI, admin.MonitorPrefix
	}
	// GET /transactions/events is served where the log index is: the
	// manager (DESIGN.md, "Event streams").
	if f.g.views != nil && f.g.views.index != nil {
		ec.Events = f.g.views.index
	}
	ec.Webhooks = f.g.webhooks
	ec.Console = f.console
	srv, err := edge.NewManagerService(ec, f.tables)
	if err != nil {
		return service{}, fmt.Errorf("manager service: %w", err)
	}
	return service{"Transaction Manager Service", ListenManager, srv, f.ln[ListenManager]}, nil
}

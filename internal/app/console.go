package app

import (
	"fmt"

	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/edge/console"
)

// newConsole builds the operator console of a process with the manager
// role: served by the Transaction Manager Service and the process
// address under /console/, over the process's read model, its registry
// (the live charts), its webhook registrations and deliveries view (the
// webhook pages, read as GET /webhooks reads them) and its dead-letter
// topic, behind the same API keys as the services. Nil for a process
// without the manager role.
//
// It adds no view: the webhook pages read what the manager holds for
// GET /webhooks/{id}/deliveries, not the webhooks group's table (the
// pending messages, on the processors); on a process that also writes (dev, --role all) the
// transaction page shows the transactions and conversions tables; on a
// manager alone it shows the status log and says that the tables are not
// held there (holding them would cost a full copy of both tables on every
// manager).
func newConsole(d deps, tables servedTables, hooks *webhookAPI) (*console.Console, error) {
	if !d.cfg.Roles.Has(RoleManager) {
		return nil, nil
	}
	sec := d.guard.secure(edge.Config{})
	cc := console.DefaultConfig()
	cc.Tables, cc.Metrics, cc.TLS = tables, d.reg, sec.HTTPS
	if tables.ReadModel != nil && tables.index != nil {
		// The live view's newest changes, in arrival order, as GET
		// /transactions/events reads them.
		cc.Events = tables.index
	}
	if sec.Auth != nil {
		cc.Auth = sec.Auth
	}
	cc.DeadLetters = newDeadLetters(d.sc)
	if hooks != nil { // a nil *webhookAPI in the interface is not nil
		cc.Webhooks = hooks
	}
	cc.Logger = d.log.With("component", "console")
	// A live response ends before the services' write timeout cuts it;
	// the browser reconnects where it left off.
	cc.StreamFor = edge.DefaultConfig().WriteTimeout * 4 / 5
	c, err := console.New(cc)
	if err != nil {
		return nil, fmt.Errorf("console: %w", err)
	}
	return c, nil
}

package app

import (
	"fmt"

	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/edge/console"
)

// newConsole builds the operator console of a process with the manager
// role: served by the Transaction Manager Service and the process
// address under /console/, over the process's read model, its registry
// (the live charts) and its dead-letter topic, behind the same API keys
// as the services. Nil for a process without the manager role.
//
// It adds no view: on a process that also writes (dev, --role all) the
// transaction page shows the transactions and conversions tables; on a
// manager alone it shows the status log and says that the tables are not
// held there (holding them would cost a full copy of both tables on every
// manager).
func newConsole(d deps, tables servedTables) (*console.Console, error) {
	if !d.cfg.Roles.Has(RoleManager) {
		return nil, nil
	}
	sec := d.guard.secure(edge.Config{})
	cc := console.DefaultConfig()
	cc.Tables, cc.Metrics, cc.TLS = tables, d.reg, sec.HTTPS
	if sec.Auth != nil {
		cc.Auth = sec.Auth
	}
	cc.DeadLetters = newDeadLetters(d.sc)
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

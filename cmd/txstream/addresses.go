package main

import (
	"fmt"
	"strings"

	"github.com/txstream/txstream/internal/launch"
)

// serviceKey names a service in the addresses file as launch does.
func serviceKey(name string) (string, error) {
	switch name {
	case "Transaction Service":
		return launch.Transaction, nil
	case "Value Converter Service":
		return launch.Converter, nil
	case "Transaction Manager Service":
		return launch.Manager, nil
	}
	return "", fmt.Errorf("addresses file: %w: %q", errUnnamedService, name)
}

// writeAddresses writes --addresses-file, if set, once the process is
// ready: the bound address of every listener it runs and, under dev, the
// broker and Redis it uses (the embedded ones, on ports they chose). A
// file an earlier run left stays until then, so a caller waiting for this
// run names a file that does not exist yet (launch uses a fresh directory
// for every start).
func (p *process) writeAddresses() error {
	if p.cfg.AddressesFile == "" {
		return nil
	}
	a := launch.Addresses{}
	for _, s := range p.services {
		key, err := serviceKey(s.name)
		if err != nil {
			return err
		}
		a[key] = s.addr()
	}
	if p.admin != nil {
		a[launch.Metrics] = p.admin.Addr()
	}
	if p.cmd == cmdDev {
		a[launch.Kafka], a[launch.Redis] = strings.Join(p.cfg.Brokers, ","), p.cfg.Redis
	}
	return launch.WriteAddresses(p.cfg.AddressesFile, a)
}

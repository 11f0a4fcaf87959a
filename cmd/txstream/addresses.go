package main

import (
	"github.com/txstream/txstream/internal/app"
	"github.com/txstream/txstream/internal/launch"
)

// addressesWriter writes --addresses-file, if set, once the process is
// ready: the bound address of every listener it runs and, under dev, the
// broker and Redis it uses (the embedded ones, on ports they chose). A
// file an earlier run left stays until then, so a caller waiting for this
// run names a file that does not exist yet (launch uses a fresh directory
// for every start).
func addressesWriter(file string) func(app.Addresses) error {
	if file == "" {
		return nil
	}
	return func(a app.Addresses) error {
		named := launch.Addresses{}
		for name, addr := range map[string]string{
			launch.Transaction: a.Transaction, launch.Converter: a.Converter, launch.Manager: a.Manager,
			launch.Metrics: a.Metrics, launch.Kafka: a.Kafka, launch.Redis: a.Redis,
		} {
			if addr != "" {
				named[name] = addr
			}
		}
		return launch.WriteAddresses(file, named)
	}
}

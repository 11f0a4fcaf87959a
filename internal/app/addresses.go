package app

import "github.com/txstream/txstream/internal/launch"

// writeAddresses writes the addresses file, if one is named, in launch's
// format: each address under its listener's or backend's name, the ones
// the process does not have left out. A file an earlier run left stays
// until then, so a caller waiting for this run names a file that does not
// exist yet (launch uses a fresh directory for every start).
func writeAddresses(file string, a Addresses) error {
	if file == "" {
		return nil
	}
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

package launch

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// The listeners a txstream process may run, as named in its addresses
// file; each is also the flag --NAME-addr that sets it.
const (
	Transaction = "transaction"
	Converter   = "converter"
	Manager     = "manager"
	Metrics     = "metrics"
)

// Listeners are the listeners Start binds to port 0 unless told otherwise.
var Listeners = []string{Transaction, Converter, Manager, Metrics}

// The embedded backends dev starts unless real ones are named. They are in
// the addresses file too, though no flag sets their address.
const (
	Kafka = "kafka"
	Redis = "redis"
)

// Addresses are the bound addresses of a ready process, by listener or
// backend name: the JSON object of its --addresses-file. A listener the
// process does not run is absent.
type Addresses map[string]string

// URL is the http URL of path on listener name; "" when the process does
// not run it.
func (a Addresses) URL(name, path string) string {
	addr, ok := a[name]
	if !ok {
		return ""
	}
	return "http://" + addr + path
}

// WriteAddresses writes a to path atomically: a reader sees the whole
// object or no file, never a part.
func WriteAddresses(path string, a Addresses) error {
	data, err := json.Marshal(a)
	if err != nil {
		return fmt.Errorf("addresses: %w", err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("addresses file: %w", err)
	}
	_, err = tmp.Write(append(data, '\n'))
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("addresses file %s: %w", path, err)
	}
	return nil
}

// readAddresses reads the file WriteAddresses wrote; (nil, nil) while
// there is none.
func readAddresses(path string) (Addresses, error) {
	data, err := os.ReadFile(path)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("addresses file: %w", err)
	}
	var a Addresses
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("addresses file %s: %w", path, err)
	}
	return a, nil
}

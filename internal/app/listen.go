package app

import (
	"context"
	"errors"
	"net"

	"github.com/txstream/txstream/edge"
)

// Listener names one address of the process.
type Listener string

const (
	ListenTransaction Listener = "transaction" // Transaction Service
	ListenConverter   Listener = "converter"   // Value Converter Service
	ListenManager     Listener = "manager"     // Transaction Manager Service
	ListenMetrics     Listener = "metrics"     // /metrics, /healthz, /readyz
)

// listeners are the process's addresses, bound before anything else is
// created: a busy port fails first, and port 0 is a port the process holds
// from the start, which it reports (Addresses) instead of a free port
// picked by someone else and hoped to stay free.
type listeners map[Listener]net.Listener

// Address is one address a process binds: which listener, and the
// configured host:port.
type Address struct {
	Listener Listener
	Addr     string
}

// Listeners lists the addresses the roles of c serve, in the order they
// are bound (and so the order in which busy ones are reported).
func (c Config) Listeners() []Address {
	var want []Address
	for _, l := range []struct {
		Address
		role Role
	}{
		{Address{ListenTransaction, c.TransactionAddr}, RoleTransaction},
		{Address{ListenConverter, c.ConverterAddr}, RoleConverter},
		{Address{ListenManager, c.ManagerAddr}, RoleManager},
	} {
		if c.Roles.Has(l.role) {
			want = append(want, l.Address)
		}
	}
	if c.MetricsAddr != "" {
		want = append(want, Address{ListenMetrics, c.MetricsAddr})
	}
	return want
}

// bind binds every address of c, or none: on error it closes what it bound.
func bind(ctx context.Context, c Config) (listeners, error) {
	ls := listeners{}
	var lc net.ListenConfig
	for _, a := range c.Listeners() {
		ln, err := lc.Listen(ctx, "tcp", a.Addr)
		if err != nil {
			return nil, errors.Join(&ListenError{Listener: a.Listener, Addr: a.Addr, Err: err}, ls.close())
		}
		ls[a.Listener] = ln
	}
	return ls, nil
}

// close closes the listeners no server took over, after a failed start.
func (ls listeners) close() error {
	var errs []error
	for _, ln := range ls {
		if err := ln.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Addresses are the bound addresses of a process, "" for one it does not
// serve, and under dev the broker and Redis it uses.
type Addresses struct {
	Transaction string
	Converter   string
	Manager     string
	Metrics     string
	Kafka       string // dev: the brokers, comma-separated (the embedded one unless named)
	Redis       string // dev: Redis (the embedded one unless named)
}

func (ls listeners) addresses() Addresses {
	addr := func(name Listener) string {
		if ln := ls[name]; ln != nil {
			return ln.Addr().String()
		}
		return ""
	}
	return Addresses{
		Transaction: addr(ListenTransaction),
		Converter:   addr(ListenConverter),
		Manager:     addr(ListenManager),
		Metrics:     addr(ListenMetrics),
	}
}

// bound puts the addresses this process bound in place of the configured
// ones (port 0 becomes the port it got), so that the OpenAPI document's
// servers name where the services really listen; a service of another
// process keeps its configured address.
func (ls listeners) bound(ec edge.Config) edge.Config {
	for name, addr := range map[Listener]*string{
		ListenTransaction: &ec.TransactionAddr, ListenConverter: &ec.ConverterAddr, ListenManager: &ec.ManagerAddr,
	} {
		if ln := ls[name]; ln != nil {
			*addr = ln.Addr().String()
		}
	}
	return ec
}

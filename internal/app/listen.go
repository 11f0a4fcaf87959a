package app

import (
	"context"
	"errors"
	"net"
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

// address is one address to bind.
type address struct {
	name Listener
	addr string
}

// wanted lists the addresses the roles of c serve, in the order they are
// bound (and so the order in which busy ones are reported).
func wanted(c Config) []address {
	var want []address
	for _, l := range []struct {
		address
		role Role
	}{
		{address{ListenTransaction, c.TransactionAddr}, RoleTransaction},
		{address{ListenConverter, c.ConverterAddr}, RoleConverter},
		{address{ListenManager, c.ManagerAddr}, RoleManager},
	} {
		if c.Roles.Has(l.role) {
			want = append(want, l.address)
		}
	}
	if c.MetricsAddr != "" {
		want = append(want, address{ListenMetrics, c.MetricsAddr})
	}
	return want
}

// bind binds every address of c, or none: on error it closes what it bound.
func bind(ctx context.Context, c Config) (listeners, error) {
	ls := listeners{}
	var lc net.ListenConfig
	for _, a := range wanted(c) {
		ln, err := lc.Listen(ctx, "tcp", a.addr)
		if err != nil {
			return nil, errors.Join(&ListenError{Listener: a.name, Addr: a.addr, Err: err}, ls.close())
		}
		ls[a.name] = ln
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

package webhooks

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"syscall"
	"time"

	"code.dny.dev/ssrf"
)

// Guard keeps deliveries off loopback, link-local, private and every other
// special-purpose address (the IANA registries, through code.dny.dev/ssrf),
// unless AllowPrivate. It checks twice: a host's addresses when an endpoint
// is registered (CheckHost), and the address of every connection (Control,
// the dialer's hook, which sees the address actually dialled): a DNS name
// that resolved to a public address at registration may resolve to a
// private one later.
type Guard struct {
	allowPrivate bool
	guardian     *ssrf.Guardian
	resolver     *net.Resolver
}

// NewGuard returns a guard; allowPrivate lets every address through (dev,
// where the receiver is on localhost). Any port is allowed: receivers
// listen where they like.
func NewGuard(allowPrivate bool) *Guard {
	return &Guard{allowPrivate: allowPrivate, guardian: ssrf.New(ssrf.WithAnyPort()), resolver: net.DefaultResolver}
}

// Control is the net.Dialer hook: it refuses a connection to a forbidden
// address before it is made.
func (g *Guard) Control(network, address string, c syscall.RawConn) error {
	if g.allowPrivate {
		return nil
	}
	if err := g.guardian.Safe(network, address, c); err != nil {
		return fmt.Errorf("%w: %w", ErrForbiddenAddress, err)
	}
	return nil
}

// CheckHost resolves host and refuses it when any of its addresses is
// forbidden: one private address among public ones is enough to reach the
// inside.
func (g *Guard) CheckHost(ctx context.Context, host string) error {
	if g.allowPrivate {
		return nil
	}
	if ip, err := netip.ParseAddr(host); err == nil {
		return g.checkAddr(ip)
	}
	addrs, err := g.resolver.LookupNetIP(ctx, "ip", host)
	if err != nil {
		return fmt.Errorf("%w: %s does not resolve: %w", ErrUnresolvable, host, err)
	}
	for _, a := range addrs {
		if err := g.checkAddr(a); err != nil {
			return err
		}
	}
	return nil
}

func (g *Guard) checkAddr(ip netip.Addr) error {
	if err := g.guardian.SafeAddr(ip.Unmap()); err != nil {
		return fmt.Errorf("%w: %w", ErrForbiddenAddress, err)
	}
	return nil
}

// Client is the HTTP client of deliveries: every connection through the
// guard's Control, no proxy (the hook would check the proxy's address, not
// the receiver's), redirects never followed (a 3xx is a failed attempt: a
// redirect to an inside address would pass the registration check), and
// each attempt bounded by timeout.
func (g *Guard) Client(timeout time.Duration, maxConns int) *http.Client {
	dialer := &net.Dialer{Timeout: timeout, Control: g.Control}
	return &http.Client{
		Timeout: timeout,
		Transport: &http.Transport{
			Proxy:                 nil,
			DialContext:           dialer.DialContext,
			TLSHandshakeTimeout:   timeout,
			ResponseHeaderTimeout: timeout,
			MaxIdleConnsPerHost:   maxConns,
			MaxConnsPerHost:       maxConns,
			IdleConnTimeout:       90 * time.Second,
		},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

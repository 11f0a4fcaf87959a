package healthcmd

import (
	"errors"
	"fmt"
	"net"
	"time"

	"github.com/txstream/txstream/internal/cli"
)

// Config is what one probe needs.
type Config struct {
	// Addr is the process address as serve listens on it (--metrics-addr):
	// an empty host or an unspecified IP is probed on loopback.
	Addr string
	// Ready probes /readyz instead of /healthz.
	Ready bool
	// Timeout bounds the whole probe, connection included.
	Timeout time.Duration
	// TLSCert is the certificate (chain) the process serves (--tls-cert);
	// when set the probe speaks HTTPS and accepts only that certificate.
	TLSCert string
	// ClientCA is the process's --tls-client-ca: a process asking every
	// client for a certificate cannot be probed without one.
	ClientCA string
	Out      cli.Output
}

// Validate checks that there is something to probe.
func (c Config) Validate() error {
	if c.Addr == "" {
		return errors.New("healthcheck: the process address is off (--metrics-addr is empty): nothing to probe")
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("healthcheck: --metrics-addr %q: %w", c.Addr, err)
	}
	if c.ClientCA != "" {
		return errors.New("healthcheck: the process asks every client for a certificate (--tls-client-ca), and the health check has none: probe it with the orchestrator's TCP check instead")
	}
	if c.Timeout <= 0 {
		return fmt.Errorf("healthcheck: --timeout %s: must be positive", c.Timeout)
	}
	return nil
}

// target is the URL of the probe.
func (c Config) target() string {
	host, port, _ := net.SplitHostPort(c.Addr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	scheme, path := "http", "/healthz"
	if c.TLSCert != "" {
		scheme = "https"
	}
	if c.Ready {
		path = "/readyz"
	}
	return scheme + "://" + net.JoinHostPort(host, port) + path
}

package app

import (
	"fmt"
	"net"
	"strings"

	"github.com/txstream/txstream/internal/app/admin"
)

// printBanner prints the addresses of the process once it is ready, and
// under dev what its embedded backends keep.
func (a *App) printBanner() {
	var b strings.Builder
	fmt.Fprintf(&b, "\ntxstream %s is ready (roles: %s)\n", a.mode, a.roles)
	for _, s := range a.services {
		fmt.Fprintf(&b, "  %-28s %s\n", s.name, url(a.scheme(), s.ln.Addr().String(), ""))
	}
	// The console comes with the manager role, on the manager's address.
	if addr := a.Addresses().Manager; addr != "" {
		fmt.Fprintf(&b, "  %-28s %s\n", "Console", url(a.scheme(), addr, admin.ConsolePrefix+"/"))
	}
	if addr := a.Addresses().Metrics; addr != "" {
		fmt.Fprintf(&b, "  %-28s %s\n", "Metrics", url(a.scheme(), addr, "/metrics"))
	}
	for _, n := range a.notes {
		fmt.Fprintf(&b, "  %s\n", n)
	}
	b.WriteString("Stop with Ctrl-C.\n")
	fmt.Fprint(a.out, b.String())
}

// scheme is the listeners' URL scheme.
func (a *App) scheme() string {
	if a.guard.tls != nil {
		return "https"
	}
	return "http"
}

// url turns a bound listen address into a URL a user can paste.
func url(scheme, addr, path string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return scheme + "://" + addr + path
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return scheme + "://" + net.JoinHostPort(host, port) + path
}

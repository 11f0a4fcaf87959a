package main

import (
	"context"
	"fmt"
	"net"
	"strings"
	"time"
)

// readyPoll is how often the watcher looks at the readiness checks. goka
// offers no recovery callback, so this is a poll; it ends at readiness.
const readyPoll = 50 * time.Millisecond

// watcher logs when the process becomes ready (every view, processor and
// index recovered) and, under dev, prints the banner with the URLs.
func (p *process) watcher() component {
	return component{name: "readiness watcher", run: func(ctx context.Context) error {
		start := time.Now()
		ticker := time.NewTicker(readyPoll)
		defer ticker.Stop()
		for !p.ready() || !p.listening() {
			select {
			case <-ctx.Done():
				return nil
			case <-ticker.C:
			}
		}
		p.log.Info("ready", "recovered_in", time.Since(start).Round(time.Millisecond), "roles", p.cfg.Roles.String())
		if err := p.writeAddresses(); err != nil {
			return err
		}
		if p.banner != nil {
			p.banner()
		}
		<-ctx.Done()
		return nil
	}}
}

// listening reports whether every HTTP service has bound its address.
func (p *process) listening() bool {
	for _, s := range p.services {
		if s.addr() == "" {
			return false
		}
	}
	return p.admin == nil || p.admin.Addr() != ""
}

// url turns a bound listen address into a URL a user can paste.
func url(addr, path string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return "http://" + addr + path
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, port) + path
}

// printBanner prints the services' URLs and what the dev process keeps.
func (p *process) printBanner(notes []string) {
	var b strings.Builder
	fmt.Fprintf(&b, "\ntxstream dev is ready\n")
	for _, s := range p.services {
		fmt.Fprintf(&b, "  %-28s %s\n", s.name, url(s.addr(), ""))
	}
	if p.admin != nil {
		fmt.Fprintf(&b, "  %-28s %s\n", "Metrics", url(p.admin.Addr(), "/metrics"))
	}
	for _, n := range notes {
		fmt.Fprintf(&b, "  %s\n", n)
	}
	b.WriteString("Stop with Ctrl-C.\n")
	fmt.Fprint(p.out, b.String())
}

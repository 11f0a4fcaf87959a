// Package admin is the process address (--metrics-addr): /metrics,
// /healthz, /readyz, goka's web monitor and the operator console
// (edge/console, which checks its own login), over net/http with the
// HTTP services' limits.
//
// It owns its http.Server and nothing else: the listener, the registry, the
// readiness, the monitor and the console are given to it, and it may not decide what
// readiness means.
package admin

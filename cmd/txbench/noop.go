package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/txstream/txstream/internal/launch"
)

// noopAnswer is a 201 of txstream's size and shape, made once.
var noopAnswer = []byte(`{"status":"Transaction created","transaction":{"schema":1,"id":"bench-00000000-1","amount":"100.00",` +
	`"currency":"EUR","target_currency":"USD","fingerprint":"ccc69db1fe1ec0673b4622a33302572c","status":"received",` +
	`"version":1,"created_at":"2026-11-24T23:44:02.889779769Z","updated_at":"2026-11-24T23:44:02.889779769Z",` +
	`"history":[{"version":1,"status":"received","at":"2026-11-24T23:44:02.889779769Z"}]}}`)

// noopHandler answers POST /transactions with a fixed 201 and does no
// other work: the ceiling of an HTTP service on this machine.
func noopHandler(ctx *fasthttp.RequestCtx) {
	switch string(ctx.Path()) {
	case "/transactions":
		ctx.SetStatusCode(fasthttp.StatusCreated)
		ctx.Response.Header.Set("Location", "/transactions/bench")
		ctx.SetContentType("application/json")
		ctx.SetBody(noopAnswer)
	case "/healthz":
		ctx.SetBodyString("ok")
	default:
		ctx.SetStatusCode(fasthttp.StatusNotFound)
	}
}

// noopCommand serves the no-op handler on --transaction-addr until
// SIGTERM, and writes the address it bound to --addresses-file as txstream
// does, so that launch starts it as it starts txstream.
func noopCommand(ctx context.Context, args []string, _, stderr io.Writer) error {
	fs := flag.NewFlagSet("txbench noop", flag.ContinueOnError)
	addr := fs.String(launch.Transaction+"-addr", "127.0.0.1:0", "listen address")
	file := fs.String("addresses-file", "", "write the bound address here, as txstream does")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	ln, err := listen(ctx, *addr)
	if err != nil {
		return err
	}
	if *file != "" {
		if err := launch.WriteAddresses(*file, launch.Addresses{launch.Transaction: ln.Addr().String()}); err != nil {
			return errors.Join(err, ln.Close())
		}
	}
	// The same server settings as txstream's edge where they matter.
	srv := &fasthttp.Server{Handler: noopHandler, Name: "txbench-noop", ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, MaxRequestBodySize: 16 << 10}
	return serveUntil(ctx, srv, ln)
}

// startNoop runs "txbench noop" as a process of its own, so that the
// ceiling, like txstream, is one server process beside the harness.
func startNoop(ctx context.Context) (*target, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find txbench: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	p, err := launch.Start(ctx, launch.Options{Binary: self, Args: []string{"noop"}, Listeners: []string{launch.Transaction}})
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errNotReady, err)
	}
	return &target{Process: p, txAddr: p.Addresses()[launch.Transaction]}, nil
}

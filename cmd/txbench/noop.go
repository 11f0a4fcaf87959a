package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"time"

	"github.com/valyala/fasthttp"
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

// noopCommand serves the no-op handler on --addr until SIGTERM.
func noopCommand(ctx context.Context, args []string, _, stderr io.Writer) error {
	fs := flag.NewFlagSet("txbench noop", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen %s: %w", *addr, err)
	}
	// The same server settings as txstream's edge where they matter.
	srv := &fasthttp.Server{Handler: noopHandler, Name: "txbench-noop", ReadTimeout: 30 * time.Second,
		WriteTimeout: 30 * time.Second, MaxRequestBodySize: 16 << 10}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		return srv.Shutdown()
	case err := <-served:
		return err
	}
}

// startNoop runs "txbench noop" as a process of its own, so that the
// ceiling, like txstream, is one server process beside the harness.
func startNoop(ctx context.Context) (*child, string, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, "", fmt.Errorf("find txbench: %w", err)
	}
	port, err := freePort()
	if err != nil {
		return nil, "", err
	}
	addr := loopback(port)
	c, err := startChild("txbench noop", self, []string{"noop", "--addr", addr}, nil)
	if err != nil {
		return nil, "", err
	}
	if err := c.waitReady(ctx, "http://"+addr+"/healthz", 30*time.Second); err != nil {
		return nil, "", errors.Join(err, c.stop(5*time.Second))
	}
	return c, addr, nil
}

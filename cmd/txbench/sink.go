package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"github.com/valyala/fasthttp"
)

// sinkCommand is a webhook receiver for measurements: it answers 204 to
// every request and prints the address it bound, so that a script can
// register it as an endpoint (deploy/bench/webhooks.sh). It checks no
// signature: what it measures is txstream's cost of delivering, and a
// signature's check is the receiver's.
func sinkCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("txbench sink", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:0", "listen address")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	ln, err := listen(ctx, *addr)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout, ln.Addr().String())
	srv := &fasthttp.Server{Name: "txbench-sink", ReadTimeout: 30 * time.Second, WriteTimeout: 30 * time.Second,
		Handler: func(ctx *fasthttp.RequestCtx) { ctx.SetStatusCode(fasthttp.StatusNoContent) }}
	return serveUntil(ctx, srv, ln)
}

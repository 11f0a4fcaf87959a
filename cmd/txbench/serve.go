package main

import (
	"context"
	"fmt"
	"net"

	"github.com/valyala/fasthttp"
)

// listen binds addr for one of txbench's own servers (noop, sink).
func listen(ctx context.Context, addr string) (net.Listener, error) {
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("listen %s: %w", addr, err)
	}
	return ln, nil
}

// serveUntil serves ln with srv until ctx ends, then shuts srv down.
func serveUntil(ctx context.Context, srv *fasthttp.Server, ln net.Listener) error {
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		return srv.Shutdown()
	case err := <-served:
		return err
	}
}

package tlsfiles_test

import (
	"context"
	"crypto/tls"
	"log/slog"
	"net"

	"github.com/valyala/fasthttp"

	"github.com/txstream/txstream/internal/tlsfiles"
)

// A listener served over HTTPS, with mutual TLS, whose certificate and
// client CA follow their files; the watcher runs beside the server.
func ExampleNewServer() {
	files := tlsfiles.ServerFiles{Cert: "/etc/txstream/tls.crt", Key: "/etc/txstream/tls.key", ClientCA: "/etc/txstream/ca.crt"}
	certs, err := tlsfiles.NewServer(files, func(err error) {
		if err != nil {
			slog.Error("certificate not reloaded", "err", err)
		}
	})
	if err != nil {
		slog.Error("listener certificate", "err", err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { _ = certs.Run(ctx) }()
	ln, err := net.Listen("tcp", "127.0.0.1:5001")
	if err != nil {
		return
	}
	srv := &fasthttp.Server{Handler: func(c *fasthttp.RequestCtx) { c.SetBodyString("ok") }}
	_ = srv.Serve(tls.NewListener(ln, certs.Config()))
}

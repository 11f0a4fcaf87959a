package tlsfiles_test

import (
	"context"
	"crypto/tls"
	"io"
	"math/big"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/internal/tlsfiles"
)

// serve serves "ok" with fasthttp on a loopback listener wrapped by
// tls.NewListener with cfg, as the composition wraps txstream's, and
// returns its address.
func serve(t *testing.T, cfg *tls.Config) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	srv := &fasthttp.Server{Handler: func(ctx *fasthttp.RequestCtx) { ctx.SetBodyString("ok") }}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(tls.NewListener(ln, cfg)) }()
	t.Cleanup(func() {
		_ = srv.Shutdown()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	return ln.Addr().String()
}

// get requests url with client TLS cfg (nil: the default) and returns the
// body, or the error of the request.
func get(url string, cfg *tls.Config) (string, error) {
	c := &http.Client{Timeout: 5 * time.Second, Transport: &http.Transport{TLSClientConfig: cfg}}
	defer c.CloseIdleConnections()
	resp, err := c.Get(url)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return string(body), err
}

// serial is the serial of the certificate a fresh handshake with addr
// shows.
func serial(t *testing.T, addr string, cfg *tls.Config) *big.Int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := (&tls.Dialer{Config: cfg}).DialContext(ctx, "tcp", addr)
	if err != nil {
		t.Fatalf("handshake with %s: %v", addr, err)
	}
	defer conn.Close()
	return conn.(*tls.Conn).ConnectionState().PeerCertificates[0].SerialNumber
}

// newServer is a Server over the PKI's server files whose reload reports
// go to the returned channel.
func newServer(t *testing.T, files tlsfiles.ServerFiles) (*tlsfiles.Server, chan error) {
	t.Helper()
	reports := make(chan error, 100)
	s, err := tlsfiles.NewServer(files, func(err error) { reports <- err })
	if err != nil {
		t.Fatalf("new server: %v", err)
	}
	return s, reports
}

func serverFiles(p *testenv.PKI) tlsfiles.ServerFiles {
	return tlsfiles.ServerFiles{Cert: p.ServerCert, Key: p.ServerKey}
}

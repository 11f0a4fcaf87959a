package healthcmd

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"

	"github.com/txstream/txstream/internal/tlsfiles"
)

// ErrUnhealthy is the error of a probe that reached the process and got
// another answer than 200.
var ErrUnhealthy = errors.New("unhealthy")

// Run probes the process once: nil when it answered 200, else an error
// that says what it answered or why it could not be asked.
func Run(ctx context.Context, c Config) error {
	client, err := c.client()
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, c.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.target(), nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s answered %s: %s: %w",
			c.target(), resp.Status, strings.TrimSpace(string(body)), ErrUnhealthy)
	}
	fmt.Fprintf(c.Out.Stdout, "%s: %s\n", c.target(), resp.Status)
	return nil
}

// client is an HTTP client without proxies (the probe is local), and under
// TLS one that accepts exactly the process's own certificate: the probe
// dials an address, not a name the certificate carries, and pinning the
// served certificate is stronger than any name check.
func (c Config) client() (*http.Client, error) {
	tr := &http.Transport{Proxy: nil, DisableKeepAlives: true}
	if c.TLSCert != "" {
		leaf, err := firstCertificate(c.TLSCert)
		if err != nil {
			return nil, err
		}
		tr.TLSClientConfig = &tls.Config{
			MinVersion:         tlsfiles.MinVersion,
			InsecureSkipVerify: true, // replaced by the pin below
			VerifyConnection:   pinned(leaf),
		}
	}
	return &http.Client{Transport: tr}, nil
}

// pinned accepts a connection whose server certificate is leaf.
func pinned(leaf *x509.Certificate) func(tls.ConnectionState) error {
	return func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 || !bytes.Equal(cs.PeerCertificates[0].Raw, leaf.Raw) {
			return errors.New("the process served another certificate than --tls-cert names")
		}
		return nil
	}
}

// firstCertificate reads the leaf of the PEM chain in file.
func firstCertificate(file string) (*x509.Certificate, error) {
	raw, err := os.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("healthcheck: --tls-cert: %w", err)
	}
	block, _ := pem.Decode(raw)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, fmt.Errorf("healthcheck: --tls-cert %s: no PEM certificate", file)
	}
	leaf, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("healthcheck: --tls-cert %s: %w", file, err)
	}
	return leaf, nil
}

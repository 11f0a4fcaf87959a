package tlsfiles

import (
	"crypto/tls"
	"fmt"
	"sync/atomic"
)

// ServerFiles names a listener's PEM files.
type ServerFiles struct {
	Cert, Key string
	// ClientCA, when set, turns on mutual TLS: a client must present a
	// certificate signed by one of the CAs in this file.
	ClientCA string
}

// Server serves the current generation of a listener's certificate and
// client CA. Run keeps it current.
type Server struct {
	files    ServerFiles
	onReload func(error)
	current  atomic.Pointer[pair]
}

// NewServer reads the files once; a pair that does not load is an error
// here, so that a listener never starts without its certificate. onReload,
// when not nil, is told of every reload that Run attempts after a change:
// nil when the new files are in force, else why the previous ones stay.
func NewServer(files ServerFiles, onReload func(error)) (*Server, error) {
	if files.Cert == "" || files.Key == "" {
		return nil, fmt.Errorf("server certificate: %w", ErrIncomplete)
	}
	p, err := loadPair(files)
	if err != nil {
		return nil, fmt.Errorf("server certificate: %w", err)
	}
	if onReload == nil {
		onReload = func(error) {}
	}
	s := &Server{files: files, onReload: onReload}
	s.current.Store(p)
	return s, nil
}

// Config is the configuration to wrap a listener with (tls.NewListener):
// every handshake takes the generation in force when it begins.
func (s *Server) Config() *tls.Config {
	return &tls.Config{
		MinVersion: MinVersion,
		GetConfigForClient: func(*tls.ClientHelloInfo) (*tls.Config, error) {
			return s.current.Load().config, nil
		},
		GetCertificate: func(*tls.ClientHelloInfo) (*tls.Certificate, error) {
			return s.current.Load().cert, nil
		},
	}
}

// reload reads the files and swaps the new generation in, or keeps the
// one in force; files with the same bytes change and report nothing.
func (s *Server) reload() {
	p, err := loadPair(s.files)
	if err != nil {
		s.onReload(fmt.Errorf("server certificate not reloaded, the previous one stays: %w", err))
		return
	}
	if p.sum == s.current.Load().sum {
		return
	}
	s.current.Store(p)
	s.onReload(nil)
}

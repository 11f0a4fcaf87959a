package tlsfiles

import "errors"

var (
	// ErrNoCertificate is returned by NewServer, by ClientFiles.Config and
	// through the reload callback when a CA file holds no PEM certificate.
	ErrNoCertificate = errors.New("no PEM certificate in file")
	// ErrIncomplete is returned by ClientFiles.Config when only one of
	// the client certificate and its key is named, and by NewServer when
	// either of the server's is missing.
	ErrIncomplete = errors.New("a certificate needs both its certificate file and its key file")
)

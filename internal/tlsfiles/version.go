package tlsfiles

import "crypto/tls"

// MinVersion is the oldest TLS version either side accepts; the package
// documentation says why 1.2 and not 1.3.
const MinVersion = tls.VersionTLS12

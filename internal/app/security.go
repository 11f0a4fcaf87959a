package app

import (
	"fmt"

	"github.com/txstream/txstream/edge/cache"
	"github.com/txstream/txstream/internal/credential"
	"github.com/txstream/txstream/internal/tlsfiles"
	"github.com/txstream/txstream/streams"
)

// Security is where a process finds its keys, certificates and passwords:
// file paths only, never a secret itself, so that no secret is ever a flag
// (which ps shows) or part of a configuration that is logged.
type Security struct {
	// APIKeys is the key file (edge/auth's JSON Lines); "" leaves the
	// services open, which serve allows only with AllowAnonymous.
	APIKeys string
	// AllowAnonymous is serve's explicit opt-out of API keys.
	AllowAnonymous bool
	// RateLimit is each key's requests per second (anonymous requests:
	// each client address's); 0 is no limit. RateBurst is the bucket's
	// size; 0 is a second's worth (ratelimit.Config.Burst).
	RateLimit int
	RateBurst int
	// TLS is every listener's certificate; an empty Cert serves plain HTTP.
	TLS   tlsfiles.ServerFiles
	Kafka KafkaSecurity
	Redis RedisSecurity
}

// KafkaSecurity is how every Kafka client of the process logs in.
type KafkaSecurity struct {
	TLS      bool                 // TLS to the brokers
	TLSFiles tlsfiles.ClientFiles // CA ("" trusts the system's) and a client certificate
	// Mechanism is the SASL mechanism; SASLNone logs in as nobody.
	Mechanism    streams.SASLMechanism
	User         string
	PasswordFile string
}

// Streams reads the password file and the TLS files into the security of
// every Kafka client: what New, rates import and the dlq commands use.
// warn is told of a file others may read. Errors wrap ErrSecurityFile.
func (k KafkaSecurity) Streams(warn func(string)) (streams.Security, error) {
	var s streams.Security
	if k.TLS {
		cfg, err := k.TLSFiles.Config()
		if err != nil {
			return s, fmt.Errorf("%w: kafka: %w", ErrSecurityFile, err)
		}
		s.TLS = cfg
	}
	s.SASL = streams.SASL{Mechanism: k.Mechanism, User: k.User}
	if k.PasswordFile != "" {
		p, err := credential.ReadPasswordFile(k.PasswordFile, warn)
		if err != nil {
			return s, fmt.Errorf("%w: kafka sasl password: %w", ErrSecurityFile, err)
		}
		s.SASL.Password = p
	}
	return s, nil
}

// RedisSecurity is how the cache logs in to Redis.
type RedisSecurity struct {
	User         string // ACL user; "" with a password: the default user
	PasswordFile string
	TLS          bool
	TLSFiles     tlsfiles.ClientFiles
}

// Cache reads the password file and the TLS files into the cache's
// security. Errors wrap ErrSecurityFile.
func (r RedisSecurity) Cache(warn func(string)) (cache.Security, error) {
	s := cache.Security{User: r.User}
	if r.TLS {
		cfg, err := r.TLSFiles.Config()
		if err != nil {
			return s, fmt.Errorf("%w: redis: %w", ErrSecurityFile, err)
		}
		s.TLS = cfg
	}
	if r.PasswordFile != "" {
		p, err := credential.ReadPasswordFile(r.PasswordFile, warn)
		if err != nil {
			return s, fmt.Errorf("%w: redis password: %w", ErrSecurityFile, err)
		}
		s.Password = p
	}
	return s, nil
}

// HTTPS reports whether the listeners serve TLS.
func (s Security) HTTPS() bool { return s.TLS.Cert != "" }

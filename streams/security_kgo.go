package streams

import (
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// ClientOptions are what every kgo client of txstream starts from: the
// brokers, the client id, and Security's TLS and login. ProducerOptions
// builds on them; a kgo client made from anything else would reach the
// brokers unauthenticated.
func ClientOptions(cfg Config) []kgo.Opt {
	opts := []kgo.Opt{kgo.SeedBrokers(cfg.Brokers...), kgo.ClientID(cfg.ClientID)}
	if cfg.Security.TLS != nil {
		opts = append(opts, kgo.DialTLSConfig(cfg.Security.TLS))
	}
	if m := cfg.Security.SASL.kgo(); m != nil {
		opts = append(opts, kgo.SASL(m))
	}
	return opts
}

// kgo is franz-go's mechanism for the login; nil for none.
func (s SASL) kgo() sasl.Mechanism {
	pass := s.Password.Reveal()
	switch s.Mechanism {
	case SASLPlain:
		return plain.Auth{User: s.User, Pass: pass}.AsMechanism()
	case SASLScramSHA256:
		return scram.Auth{User: s.User, Pass: pass}.AsSha256Mechanism()
	case SASLScramSHA512:
		return scram.Auth{User: s.User, Pass: pass}.AsSha512Mechanism()
	}
	return nil
}

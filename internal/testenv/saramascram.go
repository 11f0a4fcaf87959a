package testenv

import (
	"context"
	"testing"

	"github.com/IBM/sarama"
	"github.com/twmb/franz-go/pkg/sasl"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// saramaSCRAM is sarama's SCRAM client over franz-go's SCRAM-SHA-512, which
// the module already has, so goka's sarama needs no second SCRAM library.
// Sarama calls Step("") for the client-first message, then Step with each
// server message until Done.
type saramaSCRAM struct {
	session sasl.Session
	first   []byte
	done    bool
}

func (c *saramaSCRAM) Begin(user, password, _ string) error {
	s, first, err := scram.Auth{User: user, Pass: password}.AsSha512Mechanism().Authenticate(context.Background(), "")
	c.session, c.first, c.done = s, first, false
	return err
}

func (c *saramaSCRAM) Step(challenge string) (string, error) {
	if c.first != nil {
		first := c.first
		c.first = nil
		return string(first), nil
	}
	done, resp, err := c.session.Challenge([]byte(challenge))
	c.done = done
	return string(resp), err
}

func (c *saramaSCRAM) Done() bool { return c.done }

// SaramaConfig is a sarama configuration (goka's client) that reaches the
// broker over TLS, trusting its CA, and logs in as l with SCRAM-SHA-512.
func (k *SecureKafka) SaramaConfig(t testing.TB, l KafkaLogin) *sarama.Config {
	t.Helper()
	cfg := sarama.NewConfig()
	cfg.Version = sarama.V3_0_0_0
	cfg.Net.TLS.Enable = true
	cfg.Net.TLS.Config = TrustOnly(t, k.CAFile)
	cfg.Net.SASL.Enable = true
	cfg.Net.SASL.Mechanism = sarama.SASLTypeSCRAMSHA512
	cfg.Net.SASL.User, cfg.Net.SASL.Password = l.User, l.Password(t)
	cfg.Net.SASL.SCRAMClientGeneratorFunc = func() sarama.SCRAMClient { return &saramaSCRAM{} }
	return cfg
}

package testenv

import (
	"testing"

	"github.com/IBM/sarama"

	"github.com/txstream/txstream/internal/credential"
	"github.com/txstream/txstream/streams"
)

// Security is the streams security of login l on the secure broker: TLS
// trusting its CA and a SASL login with mechanism.
func (k *SecureKafka) Security(t testing.TB, mechanism SASLMechanism, l KafkaLogin) streams.Security {
	t.Helper()
	return streams.Security{
		TLS:  TrustOnly(t, k.CAFile),
		SASL: streams.SASL{Mechanism: streams.SASLMechanism(mechanism), User: l.User, Password: credential.Password(l.Password(t))},
	}
}

// SaramaConfig is a sarama configuration (goka's client) that reaches the
// broker over TLS, trusting its CA, and logs in as l with SCRAM-SHA-512:
// the production configuration of streams.Config.Sarama, so the test logs
// in through txstream's own SCRAM client.
func (k *SecureKafka) SaramaConfig(t testing.TB, l KafkaLogin) *sarama.Config {
	t.Helper()
	cfg := streams.DefaultConfig()
	cfg.Security = k.Security(t, SCRAMSHA512, l)
	return cfg.Sarama()
}

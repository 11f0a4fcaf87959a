package testenv

import (
	"os"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/sasl/plain"
	"github.com/twmb/franz-go/pkg/sasl/scram"
)

// SecureKafka is the SASL_SSL broker that `KAFKA_SECURITY=sasl_ssl kafka.sh
// up` starts, as the variables it prints describe it.
type SecureKafka struct {
	Brokers   []string   // KAFKA_SASL_SSL_BROKERS
	CAFile    string     // KAFKA_TLS_CA_FILE
	Admin     KafkaLogin // KAFKA_SASL_ADMIN_USER, _PASSWORD_FILE: a super user
	Client    KafkaLogin // KAFKA_SASL_USER, KAFKA_SASL_PASSWORD_FILE
	ACLPrefix string     // KAFKA_ACL_PREFIX: what Client may use
}

// KafkaLogin is a SASL user and the file that holds its password.
type KafkaLogin struct {
	User, PasswordFile string
}

// SASLMechanism names a SASL mechanism the secure broker accepts.
type SASLMechanism string

// The mechanisms of the secure broker's listener.
const (
	SCRAMSHA512 SASLMechanism = "SCRAM-SHA-512"
	PLAIN       SASLMechanism = "PLAIN"
)

// SASLSSLKafka returns the secure broker from the environment, and skips
// the test when KAFKA_SASL_SSL_BROKERS is unset (test-integration.sh sets
// it with KAFKA_SECURITY=sasl_ssl).
func SASLSSLKafka(t testing.TB) *SecureKafka {
	t.Helper()
	brokers := os.Getenv("KAFKA_SASL_SSL_BROKERS")
	if brokers == "" {
		t.Skip("KAFKA_SASL_SSL_BROKERS is unset: no SASL_SSL broker (KAFKA_SECURITY=sasl_ssl deploy/kafka/test-integration.sh)")
	}
	k := &SecureKafka{
		Brokers:   strings.Split(brokers, ","),
		CAFile:    os.Getenv("KAFKA_TLS_CA_FILE"),
		Admin:     KafkaLogin{os.Getenv("KAFKA_SASL_ADMIN_USER"), os.Getenv("KAFKA_SASL_ADMIN_PASSWORD_FILE")},
		Client:    KafkaLogin{os.Getenv("KAFKA_SASL_USER"), os.Getenv("KAFKA_SASL_PASSWORD_FILE")},
		ACLPrefix: os.Getenv("KAFKA_ACL_PREFIX"),
	}
	if k.CAFile == "" || k.Admin.PasswordFile == "" || k.Client.PasswordFile == "" || k.ACLPrefix == "" {
		t.Fatal("KAFKA_SASL_SSL_BROKERS is set but KAFKA_TLS_CA_FILE, KAFKA_SASL_*_PASSWORD_FILE or KAFKA_ACL_PREFIX is not")
	}
	return k
}

// Password reads l's password file.
func (l KafkaLogin) Password(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(l.PasswordFile)
	if err != nil {
		t.Fatalf("password of %s: %v", l.User, err)
	}
	return strings.TrimSuffix(string(b), "\n")
}

// Opts are kgo options that reach the broker over TLS, trusting its CA, and
// log in as l with mechanism.
func (k *SecureKafka) Opts(t testing.TB, mechanism SASLMechanism, l KafkaLogin) []kgo.Opt {
	t.Helper()
	opts := []kgo.Opt{kgo.SeedBrokers(k.Brokers...), kgo.DialTLSConfig(TrustOnly(t, k.CAFile))}
	switch mechanism {
	case SCRAMSHA512:
		return append(opts, kgo.SASL(scram.Auth{User: l.User, Pass: l.Password(t)}.AsSha512Mechanism()))
	case PLAIN:
		return append(opts, kgo.SASL(plain.Auth{User: l.User, Pass: l.Password(t)}.AsMechanism()))
	}
	t.Fatalf("unknown SASL mechanism %q", mechanism)
	return nil
}

// NewClient is a kgo client of the secure broker, closed when the test ends.
func (k *SecureKafka) NewClient(t testing.TB, mechanism SASLMechanism, l KafkaLogin, opts ...kgo.Opt) *kgo.Client {
	t.Helper()
	cl, err := kgo.NewClient(append(k.Opts(t, mechanism, l), opts...)...)
	if err != nil {
		t.Fatalf("kafka client: %v", err)
	}
	t.Cleanup(cl.Close)
	return cl
}

// Topic is a topic name unique to this run that Client may use.
func (k *SecureKafka) Topic(t testing.TB, base string) string {
	return Name(t, k.ACLPrefix+"-"+base)
}

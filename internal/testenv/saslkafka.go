package testenv

import (
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/internal/credential"
	"github.com/txstream/txstream/streams"
)

// KafkaAdmin is the superuser of EmbeddedSASLKafka (SCRAM-SHA-512), for a
// test's own checks and topic set-up.
var KafkaAdmin = streams.SASL{Mechanism: streams.SASLScramSHA512, User: "admin", Password: "admin-secret"}

// EmbeddedSASLKafka starts an embedded broker that speaks TLS only, with
// the PKI's server certificate, requires a SASL login and checks ACLs. Its
// users are KafkaAdmin and each of logins, the latter allowed everything
// txstream does (every topic, group and transactional id, and the
// cluster: AllowAll), so that a refusal in a test is the login's, not an
// ACL's; a user of another mechanism or password is a stranger.
func EmbeddedSASLKafka(t testing.TB, p *PKI, logins ...streams.SASL) []string {
	t.Helper()
	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.GroupMinSessionTimeout(100 * time.Millisecond),
		kfake.AllowAutoTopicCreation(),
		kfake.TLS(p.ServerTLS(t)),
		kfake.EnableSASL(),
		kfake.EnableACLs(),
		kfake.Superuser(string(KafkaAdmin.Mechanism), KafkaAdmin.User, KafkaAdmin.Password.Reveal()),
	}
	for _, l := range logins {
		opts = append(opts, kfake.User(string(l.Mechanism), l.User, l.Password.Reveal(), AllowAll()...))
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		t.Fatalf("start embedded SASL kafka: %v", err)
	}
	t.Cleanup(c.Close)
	return c.ListenAddrs()
}

// AllowAll are ACLs that allow every operation on every topic, group,
// transactional id and the cluster.
func AllowAll() []kfake.ACL {
	var acls []kfake.ACL
	for r, name := range map[kmsg.ACLResourceType]string{
		kmsg.ACLResourceTypeTopic:           "*",
		kmsg.ACLResourceTypeGroup:           "*",
		kmsg.ACLResourceTypeTransactionalId: "*",
		kmsg.ACLResourceTypeCluster:         "kafka-cluster",
	} {
		acls = append(acls, kfake.ACL{
			Resource: r, Name: name, Pattern: kmsg.ACLResourcePatternTypeLiteral,
			Operation: kmsg.ACLOperationAll, Allow: true,
		})
	}
	return acls
}

// SecuredStreamsConfig is StreamsConfig on brokers that EmbeddedSASLKafka
// started, over TLS trusting the PKI's CA and logged in as login.
func SecuredStreamsConfig(t testing.TB, brokers []string, p *PKI, login streams.SASL, partitions int) streams.Config {
	t.Helper()
	return streamsConfig(t, brokers, streams.Security{TLS: p.TrustOnly(), SASL: login}, partitions)
}

// Login is a SASL login with a fresh user name of the test's, for
// EmbeddedSASLKafka and a config on it.
func Login(t testing.TB, m streams.SASLMechanism, password string) streams.SASL {
	return streams.SASL{Mechanism: m, User: Name(t, "txstream"), Password: credential.Password(password)}
}

package testenv

import (
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/internal/credential"
	"github.com/txstream/txstream/streams"
)

// KafkaAdmin is the superuser of every SASLKafka (SCRAM-SHA-512), for a
// test's own checks.
var KafkaAdmin = streams.SASL{Mechanism: streams.SASLScramSHA512, User: "admin", Password: "admin-secret"}

// SASLKafka is an embedded broker that speaks TLS only, with its PKI's
// server certificate, requires a SASL login and checks ACLs. Its users are
// KafkaAdmin and Login, the latter allowed everything txstream does (every
// topic, group and transactional id, and the cluster: AllowAll), so that
// a refusal in a test is the login's, not an ACL's.
type SASLKafka struct {
	PKI     *PKI
	Login   streams.SASL
	Brokers []string
}

// NewSASLKafka starts a SASLKafka whose Login, of mechanism m, has a fresh
// user name of the test's and password.
func NewSASLKafka(t testing.TB, m streams.SASLMechanism, password string) *SASLKafka {
	t.Helper()
	k := &SASLKafka{
		PKI:   NewPKI(t),
		Login: streams.SASL{Mechanism: m, User: Name(t, "txstream"), Password: credential.Password(password)},
	}
	c, err := kfake.NewCluster(
		kfake.NumBrokers(1),
		kfake.GroupMinSessionTimeout(100*time.Millisecond),
		kfake.AllowAutoTopicCreation(),
		kfake.TLS(k.PKI.ServerTLS(t)),
		kfake.EnableSASL(),
		kfake.EnableACLs(),
		kfake.Superuser(string(KafkaAdmin.Mechanism), KafkaAdmin.User, KafkaAdmin.Password.Reveal()),
		kfake.User(string(m), k.Login.User, password, AllowAll()...),
	)
	if err != nil {
		t.Fatalf("start embedded SASL kafka: %v", err)
	}
	t.Cleanup(c.Close)
	k.Brokers = c.ListenAddrs()
	return k
}

// Security is TLS trusting the PKI's CA and the Login.
func (k *SASLKafka) Security() streams.Security {
	return streams.Security{TLS: k.PKI.TrustOnly(), SASL: k.Login}
}

// StreamsConfig is StreamsConfig on this broker, with Security.
func (k *SASLKafka) StreamsConfig(t testing.TB, partitions int) streams.Config {
	t.Helper()
	return streamsConfig(t, k.Brokers, k.Security(), partitions)
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

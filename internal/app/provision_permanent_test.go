package app

import (
	"crypto/tls"
	"strings"
	"testing"

	"github.com/twmb/franz-go/pkg/kfake"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestProvisionFailsAtOnceOnAnACLRefusal: a login that the ACLs allow
// nothing cannot create a topic however long it waits, so the start fails
// without a retry, and neither the error nor the log holds its password.
func TestProvisionFailsAtOnceOnAnACLRefusal(t *testing.T) {
	const password = "not-in-any-log-4711"
	pki := testenv.NewPKI(t)
	login := streams.SASL{Mechanism: streams.SASLScramSHA512, User: testenv.Name(t, "nobody"), Password: password}
	c, err := kfake.NewCluster(kfake.NumBrokers(1), kfake.TLS(pki.ServerTLS(t)), kfake.EnableSASL(), kfake.EnableACLs(),
		kfake.Superuser(string(testenv.KafkaAdmin.Mechanism), testenv.KafkaAdmin.User, testenv.KafkaAdmin.Password.Reveal()),
		kfake.User(string(login.Mechanism), login.User, password)) // no ACL: allowed nothing
	if err != nil {
		t.Fatalf("start embedded SASL kafka: %v", err)
	}
	t.Cleanup(c.Close)
	sc := testenv.NamedStreamsConfig(t, c.ListenAddrs(), 3)
	sc.Security = streams.Security{TLS: pki.TrustOnly(), SASL: login}
	var logs logBuffer
	_, err = provision(t.Context(), sc, logs.logger(), DefaultProvisionTimeout)
	if err == nil || !streams.PermanentAdminError(err) {
		t.Fatalf("provision refused by the ACLs: %v, want a permanent failure", err)
	}
	t.Logf("refused: %v", err)
	if n := logs.retries(); n != 0 {
		t.Errorf("%d retries of an ACL refusal:\n%s", n, logs.String())
	}
	if strings.Contains(err.Error(), password) || strings.Contains(logs.String(), password) {
		t.Errorf("the password reached the error or the log: %v\n%s", err, logs.String())
	}
}

// TestProvisionFailsAtOnceOnAnUntrustedBroker: a broker whose certificate
// the client does not trust fails the start without a retry.
func TestProvisionFailsAtOnceOnAnUntrustedBroker(t *testing.T) {
	k := testenv.NewSASLKafka(t, streams.SASLScramSHA512, "the-password")
	sc := testenv.NamedStreamsConfig(t, k.Brokers, 3)
	sc.Security = k.Security()
	sc.Security.TLS = &tls.Config{MinVersion: tls.VersionTLS12} // the system's roots: not the test CA
	var logs logBuffer
	_, err := provision(t.Context(), sc, logs.logger(), DefaultProvisionTimeout)
	if err == nil || !streams.PermanentAdminError(err) {
		t.Fatalf("provision against an untrusted broker: %v, want a permanent failure", err)
	}
	t.Logf("refused: %v", err)
	if n := logs.retries(); n != 0 {
		t.Errorf("%d retries of an untrusted certificate:\n%s", n, logs.String())
	}
}

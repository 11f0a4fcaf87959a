package dlqcmd

import (
	"strings"
	"testing"

	"github.com/txstream/txstream/internal/cli"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestListSecured: dlq list logs in as Kafka.Security says; without it a
// secured broker refuses the command.
func TestListSecured(t *testing.T) {
	p := testenv.NewPKI(t)
	login := testenv.Login(t, streams.SASLScramSHA512, "dlq-secret")
	cfg := testenv.SecuredStreamsConfig(t, testenv.EmbeddedSASLKafka(t, p, login), p, login, 1)
	k := Kafka{Brokers: cfg.Brokers, Topic: cfg.Topics.DeadLetter, ClientID: "test", ProduceTimeout: cfg.ProduceTimeout, Security: cfg.Security}
	var out strings.Builder
	if err := List(t.Context(), ListConfig{Kafka: k, Out: cli.Output{Stdout: &out, Stderr: &strings.Builder{}}}); err != nil || !strings.HasPrefix(out.String(), "no dead letters in") {
		t.Fatalf("list with the login: %v, %q", err, out.String())
	}
	k.Security = streams.Security{TLS: p.TrustOnly()}
	if err := List(t.Context(), ListConfig{Kafka: k, Out: cli.Output{Stdout: &out, Stderr: &strings.Builder{}}}); err == nil {
		t.Fatal("list without a login succeeded")
	}
}

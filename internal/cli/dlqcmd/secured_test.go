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
	cfg := testenv.NewSASLKafka(t, streams.SASLScramSHA512, "dlq-secret").StreamsConfig(t, 1)
	k := Kafka{Brokers: cfg.Brokers, Topic: cfg.Topics.DeadLetter, ClientID: "test", ProduceTimeout: cfg.ProduceTimeout, Security: cfg.Security}
	var out strings.Builder
	if err := List(t.Context(), ListConfig{Kafka: k, Out: cli.Output{Stdout: &out, Stderr: &strings.Builder{}}}); err != nil || !strings.HasPrefix(out.String(), "no dead letters in") {
		t.Fatalf("list with the login: %v, %q", err, out.String())
	}
	k.Security.SASL = streams.SASL{}
	if err := List(t.Context(), ListConfig{Kafka: k, Out: cli.Output{Stdout: &out, Stderr: &strings.Builder{}}}); err == nil {
		t.Fatal("list without a login succeeded")
	}
}

package transactions_test

import (
	"errors"
	"testing"

	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/transactions"
)

func TestNewChecksConfig(t *testing.T) {
	cfg := streams.DefaultConfig()
	cfg.Partitions = 0
	if _, err := transactions.New(cfg, transactions.Options{}); !errors.Is(err, streams.ErrInvalidConfig) {
		t.Errorf("New with 0 partitions: %v, want ErrInvalidConfig", err)
	}
}

// TestGraph checks the wiring other packages rely on: the group name, the
// inputs, the table and the outputs with their topics.
func TestGraph(t *testing.T) {
	cfg := streams.DefaultConfig()
	g := transactions.Graph(cfg, transactions.Options{})
	if err := g.Validate(); err != nil {
		t.Fatalf("Validate: %v", err)
	}
	if got := string(g.Group()); got != cfg.Groups.Transactions {
		t.Errorf("group %q, want %q", got, cfg.Groups.Transactions)
	}
	if got, want := g.GroupTable().Topic(), string(streams.Table(cfg.Groups.Transactions)); got != want {
		t.Errorf("table %q, want %q", got, want)
	}
	inputs := topics(g.InputStreams().Topics())
	outputs := topics(g.OutputStreams().Topics())
	for name, set := range map[string]map[string]bool{
		cfg.Topics.Transactions: inputs, cfg.Topics.ConversionResults: inputs,
		cfg.Topics.Conversions: outputs, cfg.Topics.DeadLetter: outputs,
	} {
		if !set[name] {
			t.Errorf("topic %q missing from the graph (inputs %v, outputs %v)", name, inputs, outputs)
		}
	}
	if len(inputs) != 2 || len(outputs) != 2 {
		t.Errorf("inputs %v outputs %v, want two and two", inputs, outputs)
	}
}

func topics(names []string) map[string]bool {
	set := map[string]bool{}
	for _, n := range names {
		set[n] = true
	}
	return set
}

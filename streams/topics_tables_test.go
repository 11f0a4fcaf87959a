package streams_test

import (
	"testing"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestEnsureTablesBeforeAnyProcessor: the group tables a view reads exist
// before their processors ever ran, with their processors' partition
// counts (the rates table follows the rates topic), and ensuring them
// again changes nothing.
func TestEnsureTablesBeforeAnyProcessor(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a broker")
	}
	cfg := testenv.StreamsConfig(t, 3)
	g := cfg.Groups
	for range 2 {
		if err := streams.EnsureTables(cfg, g.Transactions, g.Rates); err != nil {
			t.Fatalf("ensure tables: %v", err)
		}
	}
	got := testenv.Topics(t, cfg.Brokers)
	if got[string(streams.Table(g.Transactions))] != 3 || got[string(streams.Table(g.Rates))] != cfg.RatesPartitions {
		t.Errorf("topics %v, want 3 for the transactions table and %d for the rates table", got, cfg.RatesPartitions)
	}
}

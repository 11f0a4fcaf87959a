package main

import (
	"fmt"
	"testing"

	"github.com/txstream/txstream/domain"
)

// TestEdgeE2EBatchedFetches: with fetches that wait for 16 KiB or 5 ms
// (--fetch-min-bytes, --fetch-max-wait), far more than a few transactions
// write, every hop still delivers once its wait is over: converted and
// plain transactions reach completed through every processor.
func TestEdgeE2EBatchedFetches(t *testing.T) {
	skipShort(t)
	s := startStack(t, func(s *e2eStack) {
		s.extraArgs = []string{"--fetch-min-bytes", "16KiB", "--fetch-max-wait", "5ms"}
	})
	if sc := s.app.Streams().Sarama(); sc.Consumer.Fetch.Min != 16<<10 || sc.Consumer.MaxWaitTime.String() != "5ms" {
		t.Fatalf("the consumers fetch at least %d bytes, waiting %s", sc.Consumer.Fetch.Min, sc.Consumer.MaxWaitTime)
	}
	const n = 20
	for i := range n {
		target := ""
		if i%2 == 0 {
			target = `,"target_currency":"USD"`
		}
		s.post(t, fmt.Sprintf(`{"id":"fb-%d","amount":"10.00","currency":"EUR"%s}`, i, target))
	}
	for i := range n {
		tx := s.terminal(t, fmt.Sprintf("fb-%d", i))
		want := 2 // received, completed
		if i%2 == 0 {
			want = 3 // received, converting, completed
		}
		if tx.Status != domain.StatusCompleted || len(tx.History) != want {
			t.Fatalf("fb-%d: %s after %d changes, want completed after %d", i, tx.Status, len(tx.History), want)
		}
	}
}

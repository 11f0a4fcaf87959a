package main

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
)

// TestEdgeE2EMaxRateAge: with --max-rate-age, a conversion over the
// sample's rates (dated 2024) fails with stale_rate, and one over a rate
// set today completes.
func TestEdgeE2EMaxRateAge(t *testing.T) {
	skipShort(t)
	s := startStack(t, func(s *e2eStack) { s.extraArgs = []string{"--max-rate-age", "48h"} })

	s.post(t, `{"id":"age-old","amount":"10.00","currency":"EUR","target_currency":"USD"}`)
	if tx := s.terminal(t, "age-old"); tx.Status != domain.StatusFailed || tx.Reason != "stale_rate" {
		t.Fatalf("over the sample's USD rate: %s (%s), want failed (stale_rate)", tx.Status, tx.Reason)
	}

	// The conversions processor reads the rates table through its own
	// lookup, which follows a moment after the edge's view: until it has
	// today's rate, conversions still fail stale_rate, so each try is a
	// new transaction.
	today := time.Now().UTC().Format(domain.DateLayout)
	s.do(t, http.MethodPut, s.conv+"/rates/USD", `{"rate":"1.1","date":"`+today+`"}`).expect(t, http.StatusOK)
	tries := 0
	var tx domain.Transaction
	testenv.Eventually(t, 20*time.Second, func() bool {
		tries++
		id := fmt.Sprintf("age-new-%d", tries)
		s.post(t, `{"id":"`+id+`","amount":"10.00","currency":"EUR","target_currency":"USD"}`)
		tx = s.terminal(t, id)
		return tx.Status == domain.StatusCompleted
	}, "a conversion over today's USD rate completed")
	if tx.Conversion == nil || tx.Conversion.ConvertedValue != "11.00" || tx.Conversion.RateDate != today {
		t.Fatalf("over today's USD rate: %+v, want 11.00 of %s", tx.Conversion, today)
	}
}

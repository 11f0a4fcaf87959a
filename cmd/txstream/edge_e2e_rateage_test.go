package main

import (
	"net/http"
	"slices"
	"strings"
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

	today := time.Now().UTC().Format(domain.DateLayout)
	s.do(t, http.MethodPut, s.conv+"/rates/USD", `{"rate":"1.1","date":"`+today+`"}`).expect(t, http.StatusOK)
	testenv.Eventually(t, 20*time.Second, func() bool {
		var got ratesReply
		s.do(t, http.MethodGet, s.conv+"/rates", "").expect(t, http.StatusOK).decode(t, &got)
		return slices.ContainsFunc(got.Rates, func(r domain.Rate) bool { return r.Currency == "USD" && r.Date == today })
	}, "today's USD rate in GET /rates")
	s.post(t, `{"id":"age-new","amount":"10.00","currency":"EUR","target_currency":"USD"}`)
	if tx := s.terminal(t, "age-new"); tx.Status != domain.StatusCompleted || !strings.HasPrefix(tx.Conversion.ConvertedValue, "11.00") {
		t.Fatalf("over today's USD rate: %+v, want completed with 11.00", tx)
	}
}

package conversions

import (
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

// TestMaxRateAge: with a maximum rate age, a conversion fails with
// stale_rate when any leg it needs is older (counted from the start of
// the leg's date, UTC), and names the legs it would have used; without
// one, every age converts.
func TestMaxRateAge(t *testing.T) {
	// The clock is 2024-07-01 09:00:01: USD of 2024-06-28 began 3 days and
	// 9 hours ago, JPY of 2024-06-30 1 day and 9 hours ago.
	cases := []struct {
		name     string
		maxAge   time.Duration
		from, to string
		reason   domain.Reason // "" when completed
	}{
		{"off converts an old leg", 0, "EUR", "USD", ""},
		{"a fresh leg", 72 * time.Hour, "EUR", "JPY", ""},
		{"an old leg", 72 * time.Hour, "EUR", "USD", domain.ReasonStaleRate},
		{"an old leg of a cross rate", 72 * time.Hour, "JPY", "USD", domain.ReasonStaleRate},
		{"an old from leg", 72 * time.Hour, "USD", "JPY", domain.ReasonStaleRate},
		{"old enough", 82 * time.Hour, "USD", "JPY", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tp := startAgedProcessor(t, tc.maxAge)
			tp.putRate(domain.Rate{Currency: "USD", Rate: "1.25", Date: "2024-06-28", Source: "ecb"})
			tp.putRate(domain.Rate{Currency: "JPY", Rate: "160", Date: "2024-06-30", Source: "ecb"})
			req := linked("tx-aged", "100", tc.from, tc.to)
			tp.consume(req)
			got := tp.stored(req.ID)
			if got == nil {
				t.Fatal("nothing stored")
			}
			wantStatus := domain.StatusCompleted
			if tc.reason != "" {
				wantStatus = domain.StatusFailed
			}
			if got.Status != wantStatus || got.Reason != tc.reason {
				t.Fatalf("%s %s: %s (%s), want %s (%s)", tc.from, tc.to, got.Status, got.Reason, wantStatus, tc.reason)
			}
			if tc.reason != "" && (got.ConvertedValue != "" || len(got.RateLegs) == 0) {
				t.Errorf("a stale conversion has value %q and legs %+v; want none and the legs it found", got.ConvertedValue, got.RateLegs)
			}
			if res := tp.emitted(t)[req.TransactionID]; len(res) != 1 || res[0].Reason != tc.reason {
				t.Errorf("the transaction was told %+v", res)
			}
		})
	}
}

package domain

import (
	"errors"
	"testing"
	"time"
)

func TestRateCheckNotAhead(t *testing.T) {
	tests := []struct {
		name, date string
		now        time.Time
		ahead      bool
	}{
		{"yesterday", "2025-03-13", time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC), false},
		{"today", "2025-03-14", time.Date(2025, 3, 14, 0, 0, 0, 0, time.UTC), false},
		{"tomorrow, just after midnight", "2025-03-15", time.Date(2025, 3, 14, 0, 0, 1, 0, time.UTC), false},
		{"the day after tomorrow, just before midnight", "2025-03-16", time.Date(2025, 3, 14, 23, 59, 59, 0, time.UTC), true},
		{"the clock's date is taken in UTC", "2025-03-16", time.Date(2025, 3, 14, 20, 0, 0, 0, time.FixedZone("HST", -10*3600)), false},
		{"the end of time", "9999-12-31", time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := Rate{Date: tt.date}.CheckNotAhead(tt.now)
			if got := errors.Is(err, ErrFutureRate); got != tt.ahead {
				t.Fatalf("CheckNotAhead(%s at %s) = %v; want ahead %v", tt.date, tt.now, err, tt.ahead)
			}
			if tt.ahead && !errors.Is(err, ErrInvalidRate) {
				t.Errorf("%v does not wrap ErrInvalidRate", err)
			}
		})
	}
}

func TestNewRateBounds(t *testing.T) {
	now := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		rate        string
		implausible bool
	}{
		{"0.000001", false},
		{"1e-6", false},
		{"1000000000", false},
		{"1e9", false},
		{"0.00000099", true},
		{"1e-19", true},
		{"1000000000.0001", true},
		{"1e17", true},
	}
	for _, tt := range tests {
		t.Run(tt.rate, func(t *testing.T) {
			_, err := NewRate("USD", tt.rate, "2025-03-14", "manual", now)
			if got := errors.Is(err, ErrImplausibleRate); got != tt.implausible {
				t.Fatalf("NewRate(%s) = %v; want implausible %v", tt.rate, err, tt.implausible)
			}
			if tt.implausible && !errors.Is(err, ErrInvalidRate) {
				t.Errorf("%v does not wrap ErrInvalidRate", err)
			}
		})
	}
}

func TestRateReplaces(t *testing.T) {
	now := time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)
	at := func(date string, hour int) Rate {
		return Rate{Date: date, UpdatedAt: time.Date(2025, 3, 14, hour, 0, 0, 0, time.UTC)}
	}
	tests := []struct {
		name     string
		r, old   Rate
		replaces bool
	}{
		{"a later date", at("2025-03-14", 1), at("2025-03-13", 2), true},
		{"an earlier date", at("2025-03-12", 3), at("2025-03-13", 2), false},
		{"the same date, a later update", at("2025-03-13", 3), at("2025-03-13", 2), true},
		{"the same date, an earlier update", at("2025-03-13", 1), at("2025-03-13", 2), false},
		{"anything over a rate dated ahead", at("2025-03-01", 1), at("9999-12-31", 2), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.r.Replaces(tt.old, now); got != tt.replaces {
				t.Fatalf("Replaces = %v, want %v", got, tt.replaces)
			}
		})
	}
}

func TestCheckRateAge(t *testing.T) {
	now := time.Date(2024, 7, 1, 9, 0, 0, 0, time.UTC)
	usd := RateLeg{Currency: "USD", Rate: "1.25", Date: "2024-06-28", Source: "ecb"} // began 3 days 9 hours ago
	jpy := RateLeg{Currency: "JPY", Rate: "160", Date: "2024-06-30", Source: "ecb"}  // began 1 day 9 hours ago
	tests := []struct {
		name   string
		legs   []RateLeg
		maxAge time.Duration
		stale  bool
	}{
		{"off", []RateLeg{usd}, 0, false},
		{"younger", []RateLeg{jpy}, 34 * time.Hour, false},
		{"exactly as old", []RateLeg{jpy}, 33 * time.Hour, false},
		{"older", []RateLeg{jpy}, 32 * time.Hour, true},
		{"one old leg of two", []RateLeg{jpy, usd}, 48 * time.Hour, true},
		{"no legs (the same currency)", nil, time.Hour, false},
		{"a leg without a date", []RateLeg{{Currency: "USD", Rate: "1.25"}}, time.Hour, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := CheckRateAge(tt.legs, now, tt.maxAge)
			if got := errors.Is(err, ErrStaleRate); got != tt.stale {
				t.Fatalf("CheckRateAge = %v; want stale %v", err, tt.stale)
			}
			if tt.stale && ReasonFor(err) != ReasonStaleRate {
				t.Errorf("reason %s, want %s", ReasonFor(err), ReasonStaleRate)
			}
		})
	}
}

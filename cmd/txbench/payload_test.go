package main

import (
	"math"
	"testing"
	"time"

	"github.com/txstream/txstream/edge"
)

// Every generated body is a transaction txstream accepts, ids never
// repeat, and about convertShare of them need a conversion.
func TestGeneratedBodiesAreValidAndMixed(t *testing.T) {
	for _, share := range []float64{0, 0.5, 1} {
		t.Run("share "+formatShare(share), func(t *testing.T) {
			m, err := newMix(share)
			if err != nil {
				t.Fatal(err)
			}
			codes := map[string]bool{}
			for _, c := range m.currencies {
				codes[c.code] = true
			}
			const n = 4000
			g, seen, converting := m.generator(), map[string]bool{}, 0
			for range n {
				body, id, converts := g.body()
				ev, err := edge.DecodeTransaction(body, time.Now())
				if err != nil {
					t.Fatalf("txstream refuses %s: %v", body, err)
				}
				if ev.ID != string(id) || seen[ev.ID] {
					t.Fatalf("id %q (returned %q) repeated or wrong", ev.ID, id)
				}
				seen[ev.ID] = true
				if !codes[ev.Currency] || (ev.TargetCurrency != "" && !codes[ev.TargetCurrency]) {
					t.Fatalf("currency outside the sample rates: %s", body)
				}
				if ev.NeedsConversion() != converts {
					t.Fatalf("converts=%v but NeedsConversion=%v: %s", converts, ev.NeedsConversion(), body)
				}
				if converts {
					converting++
				}
			}
			got := float64(converting) / n
			if math.Abs(got-share) > 0.05 {
				t.Errorf("share converting %.3f, want %.2f", got, share)
			}
		})
	}
}

func TestIDsAreUniqueAcrossGenerators(t *testing.T) {
	m, err := newMix(0.5)
	if err != nil {
		t.Fatal(err)
	}
	a, b := m.generator(), m.generator()
	seen := map[string]bool{}
	for range 1000 {
		for _, g := range []*generator{a, b} {
			_, id, _ := g.body()
			if seen[string(id)] {
				t.Fatalf("id %s generated twice", id)
			}
			seen[string(id)] = true
		}
	}
	other, err := newMix(0.5)
	if err != nil {
		t.Fatal(err)
	}
	if other.idPrefix == m.idPrefix {
		t.Errorf("two runs share the id prefix %q", m.idPrefix)
	}
}

func formatShare(f float64) string {
	switch f {
	case 0:
		return "none"
	case 1:
		return "all"
	}
	return "half"
}

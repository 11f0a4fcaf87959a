package integration

import (
	"testing"
	"time"
)

// The checks the tier relies on, on made-up inputs, so that a check that
// cannot fail would show here. They need no broker and always run.

func TestRepeated(t *testing.T) {
	tr := func(v int64, s string) transition { return transition{Version: v, Status: s} }
	tests := []struct {
		name    string
		history []transition
		version int64
		ok      bool
	}{
		{"plain", []transition{tr(1, "received"), tr(2, "completed")}, 2, true},
		{"converted", []transition{tr(1, "received"), tr(2, "converting"), tr(3, "completed")}, 3, true},
		{"received applied twice", []transition{tr(1, "received"), tr(2, "received"), tr(3, "completed")}, 3, false},
		{"two terminal states", []transition{tr(1, "received"), tr(2, "completed"), tr(3, "failed")}, 3, false},
		{"version gap", []transition{tr(1, "received"), tr(3, "completed")}, 3, false},
		{"shorter than its version", []transition{tr(1, "received")}, 2, false},
		{"version counted twice", []transition{tr(1, "received"), tr(1, "completed")}, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := repeated(tt.history, tt.version); (got == "") != tt.ok {
				t.Errorf("repeated(%v, %d) = %q, want ok=%v", tt.history, tt.version, got, tt.ok)
			}
		})
	}
}

func TestJudge(t *testing.T) {
	tr := func(v int64, s string) transition { return transition{Version: v, Status: s} }
	converted := txRecord{Status: "completed", History: []transition{tr(1, "received"), tr(2, "converting"), tr(3, "completed")},
		Conversion: &convertedVal{ConvertedValue: loadConverted}}
	plain := txRecord{Status: "completed", History: []transition{tr(1, "received"), tr(2, "completed")}}
	failed := txRecord{Status: "failed", Reason: "no_rate", History: []transition{tr(1, "received"), tr(2, "converting"), tr(3, "failed")}}
	wrongValue := converted
	wrongValue.Conversion = &convertedVal{ConvertedValue: "9.99"}
	tests := []struct {
		name string
		sent sent
		tx   txRecord
		want outcome
	}{
		{"converted", sent{converted: true}, converted, outcomeOK},
		{"plain", sent{}, plain, outcomeOK},
		{"failed", sent{converted: true}, failed, outcomeWrong},
		{"wrong value", sent{converted: true}, wrongValue, outcomeWrong},
		{"converted though not asked", sent{}, converted, outcomeWrong},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got, why := judge(tt.sent, tt.tx); got != tt.want {
				t.Errorf("judge = %v (%s), want %v", got, why, tt.want)
			}
		})
	}
}

func TestSpread(t *testing.T) {
	kw := &kafkaWatch{inputs: map[string][]string{"a": {"ta"}, "b": {"tb"}, "r": {"tr"}}, partitions: map[string]int{"a": 6, "b": 6, "r": 1}}
	stable := func(owned map[string]int) groupView { return groupView{state: "Stable", owned: owned} }
	even := stable(map[string]int{"p1": 2, "p2": 2, "p3": 2})
	one := stable(map[string]int{"p1": 0, "p2": 1, "p3": 0})
	tests := []struct {
		name  string
		views map[string]groupView
		ok    bool
	}{
		{"spread, one partition owned by one member", map[string]groupView{"a": even, "b": even, "r": one}, true},
		{"one group rebalancing", map[string]groupView{"a": even, "b": {state: "PreparingRebalance", owned: even.owned}, "r": one}, false},
		{"a member without partitions", map[string]groupView{"a": even, "b": stable(map[string]int{"p1": 3, "p2": 3, "p3": 0}), "r": one}, false},
		{"a member missing", map[string]groupView{"a": even, "b": stable(map[string]int{"p1": 3, "p2": 3}), "r": one}, false},
		{"partitions unassigned", map[string]groupView{"a": even, "b": stable(map[string]int{"p1": 1, "p2": 2, "p3": 2}), "r": one}, false},
		{"a group unknown", map[string]groupView{"a": even, "r": one}, false},
		{"one partition unassigned", map[string]groupView{"a": even, "b": even, "r": stable(map[string]int{"p1": 0, "p2": 0, "p3": 0})}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := kw.spread(tt.views, []string{"p1", "p2", "p3"}); got != tt.ok {
				t.Errorf("spread = %v, want %v", got, tt.ok)
			}
		})
	}
}

func TestLongestRefusal(t *testing.T) {
	at := func(ms int, code int) sent {
		return sent{start: time.Unix(0, 0).Add(time.Duration(ms) * time.Millisecond), code: code}
	}
	tests := []struct {
		name    string
		results []sent
		want    time.Duration
	}{
		{"none refused", []sent{at(0, 201), at(10, 201)}, 0},
		{"one streak, out of order", []sent{at(400, 201), at(100, 503), at(0, 201), at(250, 504)}, 300 * time.Millisecond},
		{"the longer of two", []sent{at(0, 503), at(50, 201), at(100, 503), at(300, 0), at(500, 201)}, 400 * time.Millisecond},
		{"refused to the end", []sent{at(0, 201), at(100, 503), at(700, 503)}, 600 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := longestRefusal(tt.results); got != tt.want {
				t.Errorf("longestRefusal = %s, want %s", got, tt.want)
			}
		})
	}
}

package main

import (
	"strings"
	"testing"
	"time"
)

// A soak's closed-loop chunk ends after a count, not a time: its display
// follows the count, where it used to run past a guessed duration
// ("40.0s/20.0 s").
func TestGoalFollowsTheCountOrTheClock(t *testing.T) {
	byCount := goal{requests: 100_000}
	if done, total := byCount.of(40*time.Second, 31_370); done != 31_370 || total != 100_000 {
		t.Errorf("count goal: %d of %d, want 31370 of 100000", done, total)
	}
	if done, _ := byCount.of(time.Minute, 250_000); done != 100_000 {
		t.Errorf("count goal past its target: %d, want it capped at 100000", done)
	}
	if line := byCount.line(40*time.Second, 31_370); !strings.Contains(line, "31370/100000") {
		t.Errorf("count goal line %q lacks 31370/100000", line)
	}
	byClock := goal{dur: 8 * time.Second}
	if done, total := byClock.of(10*time.Second, 5); done != 8000 || total != 8000 {
		t.Errorf("clock goal: %d of %d ms, want 8000 of 8000", done, total)
	}
	if line := byClock.line(2*time.Second, 5); !strings.Contains(line, "2.0s/8.0") {
		t.Errorf("clock goal line %q lacks 2.0s/8.0", line)
	}
}

package app

import (
	"slices"
	"testing"
	"time"
)

// TestShutdownStagesInOrder: the table lists each stage once, in the order
// the process depends on, and gives out no more than the whole deadline.
func TestShutdownStagesInOrder(t *testing.T) {
	var names []string
	total := 0
	for _, s := range shutdownStages {
		names = append(names, s.name)
		total += s.share
		if s.why == "" || s.components == "" {
			t.Errorf("stage %s does not say what it holds and why", s.name)
		}
	}
	want := []string{stageFront, stageActors, stageProducer, stageBack, stageCache, stageBackends}
	if !slices.Equal(names, want) {
		t.Errorf("stages %v, want %v", names, want)
	}
	if total > 100 {
		t.Errorf("the stages' shares add up to %d%% of the shutdown timeout", total)
	}
}

func TestBudget(t *testing.T) {
	for _, tt := range []struct {
		stage string
		want  time.Duration
	}{{stageFront, 4 * time.Second}, {stageActors, 2 * time.Second}, {stageBack, 8 * time.Second}} {
		if got := budget(tt.stage, 8*time.Second); got != tt.want {
			t.Errorf("budget(%s, 8s) = %s, want %s", tt.stage, got, tt.want)
		}
	}
}

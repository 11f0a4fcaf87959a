package metrics

import (
	"testing"

	"github.com/txstream/txstream/internal/testenv"
)

// TestREADMEListsEveryFamily keeps the README's Operations -> Metrics list
// equal to what txstream exports: one "- `name`" line per family.
func TestREADMEListsEveryFamily(t *testing.T) {
	listed := documentedFamilies(t)
	_, families := populated(t)
	for name := range families {
		if !listed[name] {
			t.Errorf("README's Metrics section does not list %s", name)
		}
	}
	for name := range listed {
		if !families[name] {
			t.Errorf("README lists %s, which txstream does not export", name)
		}
	}
}

// documentedFamilies returns the families of the README's Metrics section.
func documentedFamilies(t *testing.T) map[string]bool {
	t.Helper()
	counts, err := testenv.DocumentedFamilies("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for name, n := range counts {
		if n > 1 {
			t.Errorf("README lists %s %d times", name, n)
		}
		listed[name] = true
	}
	return listed
}

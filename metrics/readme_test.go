package metrics

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestREADMEListsEveryFamily keeps the README's Operations -> Metrics list
// equal to what txstream exports: one "- `name`" line per family.
func TestREADMEListsEveryFamily(t *testing.T) {
	raw, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(raw), "\n### Metrics\n")
	if !ok {
		t.Fatal("README has no ### Metrics section")
	}
	if end := strings.Index(section, "\n#"); end >= 0 {
		section = section[:end]
	}
	listed := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^- `(txstream_[a-z0-9_]+)`").FindAllStringSubmatch(section, -1) {
		if listed[m[1]] {
			t.Errorf("README lists %s twice", m[1])
		}
		listed[m[1]] = true
	}
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

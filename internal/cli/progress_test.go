package cli_test

import (
	"strings"
	"testing"

	"github.com/txstream/txstream/internal/cli"
)

var text = cli.ProgressText{Doing: "counting", Done: "counted %d of %d", Every: 10}

// TestProgressLines: a log gets a line every Every steps and one at the
// end, never a bar's control characters.
func TestProgressLines(t *testing.T) {
	var stderr strings.Builder
	progress, finish := cli.Output{Stderr: &stderr}.Progress(25, text)
	for done := 1; done <= 25; done++ {
		progress(done, 25)
	}
	finish()
	if want := "counted 10 of 25\ncounted 20 of 25\ncounted 25 of 25\n"; stderr.String() != want {
		t.Errorf("stderr %q, want %q", stderr.String(), want)
	}
}

// TestProgressBar: a terminal gets a bar with the description, not lines.
func TestProgressBar(t *testing.T) {
	var stderr strings.Builder
	progress, finish := cli.Output{Stderr: &stderr, Terminal: true}.Progress(25, text)
	for done := 1; done <= 25; done++ {
		progress(done, 25)
	}
	finish()
	if got := stderr.String(); !strings.Contains(got, "counting") || strings.Contains(got, "counted") {
		t.Errorf("stderr %q: want a bar described as counting, no lines", got)
	}
}

package main

import (
	"fmt"

	"github.com/schollz/progressbar/v3"
)

// progressText says what a progress report counts.
type progressText struct {
	doing string // a bar's description: "publishing rates"
	done  string // a line, with the done and total counts: "published %d of %d rates"
	every int    // a line every so many
}

// newProgress reports acknowledgements on standard error: a bar on a
// terminal, a line every so many otherwise, so that logs and CI output
// stay readable.
func newProgress(io stdio, total int, text progressText) (progress func(done, total int), finish func()) {
	if io.isTerminal {
		bar := progressbar.NewOptions(total,
			progressbar.OptionSetWriter(io.stderr),
			progressbar.OptionSetDescription(text.doing),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
		)
		return func(done, _ int) { _ = bar.Set(done) }, func() { _ = bar.Finish() }
	}
	return func(done, total int) {
		if done%text.every == 0 || done == total {
			fmt.Fprintf(io.stderr, text.done+"\n", done, total)
		}
	}, func() {}
}

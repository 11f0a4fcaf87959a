package cli

import (
	"fmt"

	"github.com/schollz/progressbar/v3"
)

// ProgressText says what a progress report counts.
type ProgressText struct {
	Doing string // a bar's description: "publishing rates"
	Done  string // a line, with the done and total counts: "published %d of %d rates"
	Every int    // a line every so many
}

// Progress reports acknowledgements on o.Stderr: a bar on a terminal, a
// line every so many otherwise, so that logs and CI output stay readable.
// progress hears the done count after each step; finish ends the report.
func (o Output) Progress(total int, text ProgressText) (progress func(done, total int), finish func()) {
	if o.Terminal {
		bar := progressbar.NewOptions(total,
			progressbar.OptionSetWriter(o.Stderr),
			progressbar.OptionSetDescription(text.Doing),
			progressbar.OptionShowCount(),
			progressbar.OptionSetPredictTime(true),
			progressbar.OptionClearOnFinish(),
		)
		return func(done, _ int) { _ = bar.Set(done) }, func() { _ = bar.Finish() }
	}
	return func(done, total int) {
		if done%text.Every == 0 || done == total {
			fmt.Fprintf(o.Stderr, text.Done+"\n", done, total)
		}
	}, func() {}
}

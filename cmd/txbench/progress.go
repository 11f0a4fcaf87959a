package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// progress shows a phase while it runs: a bar on a terminal, a plain
// line every few seconds otherwise (CI logs, make output piped to a file).
type progress struct {
	out io.Writer
	bar bool
}

func newProgress(mode string, out *os.File) *progress {
	bar := mode == "bar" || (mode == "auto" && term.IsTerminal(int(out.Fd())))
	return &progress{out: out, bar: bar}
}

// logf prints a line between phases.
func (p *progress) logf(format string, args ...any) {
	fmt.Fprintf(p.out, format+"\n", args...)
}

// phase shows name for dur while run runs, reading counts from count
// (what has been accepted, and failed, so far) and returns run's result.
func phase[T any](p *progress, name string, dur time.Duration, count func() (int64, int64), run func() T) T {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { p.show(name, dur, count, stop) })
	r := run()
	close(stop)
	wg.Wait()
	return r
}

func (p *progress) show(name string, dur time.Duration, count func() (int64, int64), stop <-chan struct{}) {
	start := time.Now()
	base, baseFailed := count()
	every := 2 * time.Second
	var bar *progressbar.ProgressBar
	if p.bar {
		every = 200 * time.Millisecond
		bar = progressbar.NewOptions64(dur.Milliseconds(), progressbar.OptionSetWriter(p.out),
			progressbar.OptionSetDescription(fmt.Sprintf("%-22s", name)), progressbar.OptionSetWidth(30),
			progressbar.OptionSetPredictTime(false), progressbar.OptionShowDescriptionAtLineEnd(),
			progressbar.OptionClearOnFinish())
	}
	tick := time.NewTicker(every)
	defer tick.Stop()
	for {
		select {
		case <-stop:
			if bar != nil {
				_ = bar.Finish()
			}
			return
		case <-tick.C:
		}
		elapsed := time.Since(start)
		n, failed := count()
		n, failed = n-base, failed-baseFailed
		rate := float64(n) / elapsed.Seconds()
		if bar != nil {
			bar.Describe(fmt.Sprintf("%-22s %8.0f/s  ok %d  errors %d", name, rate, n, failed))
			_ = bar.Set64(min(elapsed.Milliseconds(), dur.Milliseconds()))
			continue
		}
		p.logf("  %-22s %5.1fs/%-5.1fs  ok %-8d %8.0f/s  errors %d", name, elapsed.Seconds(), dur.Seconds(), n, rate, failed)
	}
}

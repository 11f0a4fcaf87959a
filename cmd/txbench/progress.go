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
	return phaseTo(p, name, goal{dur: dur}, count, run)
}

// phaseCount is phase for a run that ends after target requests rather
// than after a time: the bar follows the count.
func phaseCount[T any](p *progress, name string, target int64, count func() (int64, int64), run func() T) T {
	return phaseTo(p, name, goal{requests: target}, count, run)
}

// goal is where a phase ends: after dur, or after requests (when set).
type goal struct {
	dur      time.Duration
	requests int64
}

// of is the bar's length and position for elapsed and n requests done.
func (g goal) of(elapsed time.Duration, n int64) (done, total int64) {
	if g.requests > 0 {
		return min(n, g.requests), g.requests
	}
	return min(elapsed.Milliseconds(), g.dur.Milliseconds()), g.dur.Milliseconds()
}

// line is the plain display's "where we are" column.
func (g goal) line(elapsed time.Duration, n int64) string {
	if g.requests > 0 {
		return fmt.Sprintf("%5.1fs  %d/%d", elapsed.Seconds(), n, g.requests)
	}
	return fmt.Sprintf("%5.1fs/%-5.1fs", elapsed.Seconds(), g.dur.Seconds())
}

func phaseTo[T any](p *progress, name string, g goal, count func() (int64, int64), run func() T) T {
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() { p.show(name, g, count, stop) })
	r := run()
	close(stop)
	wg.Wait()
	return r
}

func (p *progress) show(name string, g goal, count func() (int64, int64), stop <-chan struct{}) {
	start := time.Now()
	base, baseFailed := count()
	every := 2 * time.Second
	var bar *progressbar.ProgressBar
	if p.bar {
		every = 200 * time.Millisecond
		_, total := g.of(0, 0)
		bar = progressbar.NewOptions64(total, progressbar.OptionSetWriter(p.out),
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
			done, _ := g.of(elapsed, n)
			_ = bar.Set64(done)
			continue
		}
		p.logf("  %-22s %s  ok %-8d %8.0f/s  errors %d", name, g.line(elapsed, n), n, rate, failed)
	}
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// runCommand is "txbench run": the ceilings and txstream in one run.
func runCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg := defaultRunConfig()
	fs := flag.NewFlagSet("txbench run", flag.ContinueOnError)
	cfg.flags(fs)
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	m, err := newMix(cfg.ConvertShare)
	if err != nil {
		return err
	}
	b := &bench{cfg: cfg, prog: newProgress(cfg.Progress, os.Stderr), mix: m, live: &live{}}
	b.rep.Command = "txbench run " + strings.Join(args, " ")
	runErr := b.run(ctx)
	if runErr != nil {
		b.note("run stopped early: %v", runErr)
	}
	md, js, err := writeReport(cfg.OutDir, "bench-report", &b.rep, markdownRun(&b.rep))
	if err != nil {
		return errors.Join(runErr, err)
	}
	fmt.Fprintf(stdout, "%s\nreports: %s %s\n", summaryLines(&b.rep), md, js)
	return runErr
}

// bench is one "txbench run".
type bench struct {
	cfg  runConfig
	prog *progress
	mix  *mix
	live *live
	rep  report

	started time.Time
	server  *target
	dataDir string // the server's --data-dir, removed after it stops; "" in memory
	watch   *lagWatch
	e2e     *e2eSampler
	keyDir  string // --auth: the server's key file's directory, removed with the data directory
	auth    string // --auth: the Authorization value of every request
	notesMu sync.Mutex
}

func (b *bench) note(format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	b.notesMu.Lock()
	b.rep.Notes = append(b.rep.Notes, msg)
	b.notesMu.Unlock()
	b.prog.logf("note: %s", msg)
}

// run measures every phase in order; the report keeps what was measured
// when a phase fails.
func (b *bench) run(ctx context.Context) error {
	start := time.Now()
	b.started = start
	b.rep.Started, b.rep.Machine, b.rep.Settings = start, thisMachine(), settingsOf(b.cfg)
	b.rep.LoadStart = loadAvg()
	defer func() {
		b.rep.Seconds = time.Since(start).Seconds()
		b.rep.LoadEnd = loadAvg()
		b.rep.fill()
	}()
	bin, cleanup, err := b.serverBinary(ctx)
	if err != nil {
		return err
	}
	defer cleanup()
	if err := b.noopCeiling(ctx); err != nil {
		return err
	}
	if err := b.startServer(ctx, bin); err != nil {
		return err
	}
	defer b.stopServer()
	ectx, stopE2E := context.WithCancel(ctx)
	waiters := b.e2e.run(ectx, b.cfg.E2EWaiters)
	err = b.txstream(ctx)
	stopE2E()
	waiters.Wait()
	if err != nil {
		return err
	}
	// Last, so that its records (kept by the dev process's broker) weigh
	// on neither txstream's figures nor its RSS.
	b.serverAfterTxstream()
	return b.produceCeiling(ctx)
}

// txstream runs the phases against the server.
func (b *bench) txstream(ctx context.Context) error {
	d := newDriver(b.server.txAddr, max(b.cfg.Conns, b.cfg.OpenConns), b.mix, b.live, b.e2e)
	d.auth = b.auth
	if err := b.ingest(ctx, d); err != nil {
		return err
	}
	if err := b.batches(ctx, d); err != nil {
		return err
	}
	if err := b.halfRate(ctx, d); err != nil {
		return err
	}
	return b.sustained(ctx, d)
}

// serverBinary is --server-bin, or a build of the module with pprof or an
// overlay; the returned func removes the build.
func (b *bench) serverBinary(ctx context.Context) (string, func(), error) {
	if b.cfg.ProfileDir == "" && b.cfg.Overlay == "" {
		return b.cfg.ServerBin, func() {}, nil
	}
	if b.cfg.ProfileDir != "" {
		if err := os.MkdirAll(b.cfg.ProfileDir, 0o755); err != nil {
			return "", nil, err
		}
	}
	dir, err := os.MkdirTemp("", "txbench-build-")
	if err != nil {
		return "", nil, err
	}
	b.prog.logf("building txstream from %s (go build -overlay; pprof %v, overlay %q)", b.cfg.SrcDir, b.cfg.ProfileDir != "", b.cfg.Overlay)
	bin, err := buildServer(ctx, b.cfg.SrcDir, dir, b.cfg.Overlay, b.cfg.ProfileDir != "")
	if err != nil {
		_ = os.RemoveAll(dir)
		return "", nil, err
	}
	return bin, func() { _ = os.RemoveAll(dir) }, nil
}

func (b *bench) counts() (int64, int64) { return b.live.accepted.Load(), b.live.failed.Load() }

// noopCeiling measures the no-op server, alone on the machine.
func (b *bench) noopCeiling(ctx context.Context) error {
	c, err := startNoop(ctx)
	if err != nil {
		return err
	}
	defer func() { _ = c.stop(5 * time.Second) }()
	l := &live{}
	d := newDriver(c.txAddr, b.cfg.Conns, b.mix, l, nil)
	d.auth = b.auth // the same request bytes as against txstream
	count := func() (int64, int64) { return l.accepted.Load(), l.failed.Load() }
	phase(b.prog, "no-op warm-up", b.cfg.Warmup, count, func() runResult {
		return d.closedLoop(ctx, "warm-up", b.cfg.Conns, b.cfg.Warmup)
	})
	before, self := b.sample(c.pid()), b.sample("self")
	r := phase(b.prog, "no-op ceiling", b.cfg.CeilingDur, count, func() runResult {
		return d.closedLoop(ctx, "no-op ceiling", b.cfg.Conns, b.cfg.CeilingDur)
	})
	after := b.sample(c.pid())
	r.ServerCPU, r.HarnessCPU, r.ServerRSS = cores(before, after), cores(self, b.sample("self")), mib(after.RSSKiB)
	b.rep.Noop = r
	b.seen(r.Load)
	b.prog.logf("no-op ceiling: %.0f POST/s, p99 %.2f ms, server %.2f cores", r.Rate, r.Latency.P99, r.ServerCPU)
	return ctx.Err()
}

func (b *bench) startServer(ctx context.Context, bin string) error {
	if !b.cfg.InMemory {
		dir, err := os.MkdirTemp("", "txbench-dev-")
		if err != nil {
			return fmt.Errorf("data directory of the server: %w", err)
		}
		b.dataDir = dir
	}
	args := strings.Fields(b.cfg.ServerArgs)
	if b.cfg.Auth {
		keyArgs, err := b.apiKeys()
		if err != nil {
			b.removeDataDir()
			return err
		}
		args = append(args, keyArgs...)
	}
	b.prog.logf("starting %s dev (--data-dir %q, random ports, API keys %t)", bin, b.dataDir, b.cfg.Auth)
	t, err := startDev(ctx, bin, b.dataDir, b.cfg.Partitions, b.cfg.ProfileDir != "", args, strings.Fields(b.cfg.ServerEnv))
	if err != nil {
		b.removeDataDir()
		return err
	}
	b.server = t
	scraper := newScraper(t.metricsURL())
	scraper.auth = b.auth
	b.watch = &lagWatch{s: scraper, live: b.live, every: 250 * time.Millisecond}
	b.e2e = newE2ESampler(t.txAddr, b.cfg.E2EEvery, b.cfg.E2EWaiters, 30*time.Second)
	b.e2e.auth = b.auth
	return nil
}

// serverAfterTxstream reads /proc of the server once the txstream phases
// are done, before the produce ceiling adds its records to the broker.
func (b *bench) serverAfterTxstream() {
	end := b.sample(b.server.pid())
	b.rep.Server = serverStats{PeakRSSMiB: mib(end.HWMKiB), EndRSSMiB: mib(end.RSSKiB), CPUSeconds: end.CPU.Seconds(),
		Transactions: b.live.accepted.Load()}
}

func (b *bench) stopServer() {
	if b.rep.Server.Transactions == 0 {
		b.serverAfterTxstream()
	}
	if err := b.server.stop(40 * time.Second); err != nil {
		b.note("%v", err)
	}
	b.removeDataDir()
}

// removeDataDir deletes the server's temporary state, once it stopped.
func (b *bench) removeDataDir() {
	for _, dir := range []string{b.dataDir, b.keyDir} {
		if dir == "" {
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			b.note("remove %s: %v", dir, err)
		}
	}
}

// apiKeys writes the server's key file (--auth) and returns the flag that
// names it; b.auth is then the key every request sends.
func (b *bench) apiKeys() ([]string, error) {
	dir, err := os.MkdirTemp("", "txbench-keys-")
	if err != nil {
		return nil, fmt.Errorf("key directory of the server: %w", err)
	}
	b.keyDir = dir
	file, key, err := benchKeyFile(dir)
	if err != nil {
		return nil, err
	}
	b.auth = bearer(key)
	return []string{"--api-keys", file}, nil
}

// sample reads /proc of pid, zero when it cannot.
func (b *bench) sample(pid string) procSample {
	s, err := readProc(pid)
	if err != nil {
		return procSample{At: time.Now()}
	}
	return s
}

func (b *bench) seen(load [3]float64) { b.rep.LoadMax = max(b.rep.LoadMax, load[0]) }

// produceCeiling measures raw acknowledged records into the server's
// embedded broker, with txstream's producer settings.
func (b *bench) produceCeiling(ctx context.Context) error {
	p, err := newProducer([]string{b.server.kafkaAddr}, b.cfg.Partitions)
	if err != nil {
		return err
	}
	defer func() { _ = p.close() }()
	count := func() (int64, int64) { return p.acked.Load(), 0 }
	phase(b.prog, "produce warm-up", b.cfg.Warmup/2, count, func() produceResult {
		return p.run(ctx, b.cfg.ProduceDepth, b.cfg.Warmup/2)
	})
	srv, self := b.sample(b.server.pid()), b.sample("self")
	r := phase(b.prog, "produce ceiling", b.cfg.CeilingDur, count, func() produceResult {
		return p.run(ctx, b.cfg.ProduceDepth, b.cfg.CeilingDur)
	})
	r.ServerCPU, r.HarnessCPU = cores(srv, b.sample(b.server.pid())), cores(self, b.sample("self"))
	b.rep.Produce = r
	b.prog.logf("produce ceiling: %.0f records/s acked (idempotent, acks=all), broker process %.2f cores", r.Rate, r.ServerCPU)
	return ctx.Err()
}

// measured runs one load phase against txstream with the lag watched,
// end-to-end samples in their own bucket and /proc read around it.
func (b *bench) measured(name string, dur time.Duration, run func() runResult) (runResult, []lagPoint) {
	bucket := b.e2e.begin()
	srv, self := b.sample(b.server.pid()), b.sample("self")
	var r runResult
	points := b.watch.during(func() { r = phase(b.prog, name, dur, b.counts, run) })
	after := b.sample(b.server.pid())
	r.ServerCPU, r.HarnessCPU, r.ServerRSS = cores(srv, after), cores(self, b.sample("self")), mib(after.RSSKiB)
	r.E2E = bucket.summary(b.cfg.DrainTimeout)
	b.e2e.begin()
	b.seen(r.Load)
	return r, points
}

// drain waits for processing to catch up, noting a timeout.
func (b *bench) drain(ctx context.Context, after string) drainResult {
	d, err := b.watch.drain(ctx, b.cfg.DrainTimeout)
	if err != nil {
		b.note("drain after %s: %v", after, err)
	}
	return d
}

// ingest is the closed loop against txstream: the maximum accepted rate.
func (b *bench) ingest(ctx context.Context, d *driver) error {
	phase(b.prog, "ingest warm-up", b.cfg.Warmup, b.counts, func() runResult {
		return d.closedLoop(ctx, "warm-up", b.cfg.Conns, b.cfg.Warmup)
	})
	b.drain(ctx, "warm-up")
	profiled := b.profileRun("ingest", b.cfg.IngestDur)
	r, points := b.measured("ingest (closed)", b.cfg.IngestDur, func() runResult {
		return d.closedLoop(ctx, "ingest", b.cfg.Conns, b.cfg.IngestDur)
	})
	profiled()
	b.rep.Ingest = r
	b.rep.IngestDrain = b.drain(ctx, "ingest")
	if len(points) > 0 {
		last, err := b.watch.point(time.Now())
		if err == nil {
			span := r.Seconds + b.rep.IngestDrain.Seconds
			b.rep.IngestProcessed = (last.Finished - points[0].Finished) / span
		}
	}
	b.prog.logf("ingest: %.0f POST/s accepted (%.0f%% of no-op), p99 %.2f ms; processed %.0f/s incl. %.1fs drain",
		r.Rate, 100*r.Rate/max(b.rep.Noop.Rate, 1), r.Latency.P99, b.rep.IngestProcessed, b.rep.IngestDrain.Seconds)
	return ctx.Err()
}

// halfRate is the open loop at half the closed loop's accepted rate.
func (b *bench) halfRate(ctx context.Context, d *driver) error {
	rate := b.rep.Ingest.Rate / 2
	if rate < 1 {
		return fmt.Errorf("closed loop accepted %.0f/s: nothing to halve", b.rep.Ingest.Rate)
	}
	s := b.step(ctx, d, "half rate (open)", rate, b.cfg.HalfDur)
	b.rep.Half, b.rep.HalfStep = s.Run, s
	b.prog.logf("half rate %.0f/s: POST p50 %.2f p99 %.2f p99.9 %.2f ms; %s",
		rate, s.Run.Latency.P50, s.Run.Latency.P99, s.Run.Latency.P999, s.Reason)
	return ctx.Err()
}

// step runs one open-loop step, judges it and drains after it.
func (b *bench) step(ctx context.Context, d *driver, name string, rate float64, dur time.Duration) stepResult {
	grace := 2 * time.Second
	r, points := b.measured(name, dur, func() runResult {
		return d.openLoop(ctx, name, rate, b.cfg.OpenConns, dur, grace)
	})
	s := stepResult{Run: r, Points: points}
	s.judge()
	s.Drain = b.drain(ctx, name)
	return s
}

// sustained searches the highest open-loop rate at which processing
// keeps up, starting a little under what the closed loop processed.
func (b *bench) sustained(ctx context.Context, d *driver) error {
	rate := 0.9 * min(b.rep.IngestProcessed, b.rep.Ingest.Rate)
	var srch search
	for i := range b.cfg.Steps {
		if rate < 1 || ctx.Err() != nil {
			break
		}
		if b.overBudget() {
			b.note("budget %s: the search stopped after %d of %d steps", b.cfg.Budget, i, b.cfg.Steps)
			break
		}
		s := b.step(ctx, d, fmt.Sprintf("step %d: %.0f/s", i+1, rate), rate, b.cfg.StepDur)
		b.rep.Steps = append(b.rep.Steps, s)
		b.prog.logf("step %d at %.0f/s: accepted %.0f/s, processed %.0f/s, lag end %.0f max %.0f, e2e p99 %.1f ms: %s",
			i+1, rate, s.Run.Rate, s.Processed, s.LagEnd, s.LagMax, e2eP99(s.Run.E2E), s.Reason)
		if s.Bounded && rate > b.rep.Sustained {
			b.rep.Sustained, b.rep.SustainedProc = rate, s.Processed
		}
		rate = srch.next(rate, s.Bounded)
	}
	if b.rep.HalfStep.Bounded && b.rep.Half.TargetRate > b.rep.Sustained {
		b.rep.Sustained, b.rep.SustainedProc = b.rep.Half.TargetRate, b.rep.HalfStep.Processed
	}
	b.profileHeap()
	return ctx.Err()
}

// overBudget reports whether one more step and the produce ceiling would
// end the run after its budget.
func (b *bench) overBudget() bool {
	if b.cfg.Budget <= 0 {
		return false
	}
	left := b.cfg.Budget - time.Since(b.started)
	return left < b.cfg.StepDur+b.cfg.CeilingDur+b.cfg.Warmup/2+5*time.Second
}

func e2eP99(s *e2eSummary) float64 {
	if s == nil {
		return 0
	}
	return s.P99
}

// profileRun records the server's CPU profile (NAME-cpu.pprof) and its
// mutex contention (NAME-mutex.pprof) for dur when profiling; the
// returned func waits for both.
func (b *bench) profileRun(name string, dur time.Duration) func() {
	if b.server.pprofAddr == "" {
		return func() {}
	}
	var wg sync.WaitGroup
	for profile, suffix := range map[string]string{"profile": "-cpu.pprof", "mutex": "-mutex.pprof"} {
		wg.Go(func() {
			path := filepath.Join(b.cfg.ProfileDir, name+suffix)
			if err := fetchProfile(b.server.pprofAddr, profile, int(dur.Seconds()), path); err != nil {
				b.note("%v", err)
			}
		})
	}
	return wg.Wait
}

func (b *bench) profileHeap() {
	if b.server.pprofAddr == "" {
		return
	}
	if err := fetchProfile(b.server.pprofAddr, "heap", 0, filepath.Join(b.cfg.ProfileDir, "heap.pprof")); err != nil {
		b.note("%v", err)
	}
}

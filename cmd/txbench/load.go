package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"time"
)

// loadCommand is "txbench load": one closed- or open-loop run against a
// Transaction Service that is already running (any deployment), printed
// as JSON.
func loadCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("txbench load", flag.ContinueOnError)
	addr := fs.String("addr", "127.0.0.1:5001", "host:port of the Transaction Service")
	rate := fs.Float64("rate", 0, "open-loop rate per second; 0 runs a closed loop")
	conns := fs.Int("conns", 64, "connections")
	dur := fs.Duration("duration", 10*time.Second, "measured run")
	warmup := fs.Duration("warmup", 2*time.Second, "closed-loop warm-up before the run")
	share := fs.Float64("convert-share", 0.5, "share of transactions that need a conversion")
	every := fs.Int("e2e-every", 100, "long-poll one accepted transaction in this many (0: none)")
	progressMode := fs.String("progress", "auto", "progress display: auto, bar or plain")
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if *conns < 1 || *dur <= 0 || *rate < 0 || *every < 0 {
		return fmt.Errorf("%w: --conns, --duration, --rate and --e2e-every must be positive", errUsage)
	}
	if err := checkProgress(*progressMode); err != nil {
		return usageOf(err)
	}
	m, err := newMix(*share)
	if err != nil {
		return err
	}
	l := &live{}
	var e2e *e2eSampler
	if *every > 0 {
		e2e = newE2ESampler(*addr, *every, 64, 30*time.Second)
		e2e.auth = bearer(envAPIKey())
		ectx, cancel := context.WithCancel(ctx)
		wg := e2e.run(ectx, 64)
		defer func() { cancel(); wg.Wait() }()
	}
	d := newDriver(*addr, *conns, m, l, e2e)
	d.auth = bearer(envAPIKey())
	prog := newProgress(*progressMode, os.Stderr)
	count := func() (int64, int64) { return l.accepted.Load(), l.failed.Load() }
	if *warmup > 0 {
		phase(prog, "warm-up", *warmup, count, func() runResult { return d.closedLoop(ctx, "warm-up", *conns, *warmup) })
	}
	var bucket *e2eBucket
	if e2e != nil {
		bucket = e2e.begin()
	}
	r := phase(prog, "load", *dur, count, func() runResult {
		if *rate > 0 {
			return d.openLoop(ctx, "load", *rate, *conns, *dur, 2*time.Second)
		}
		return d.closedLoop(ctx, "load", *conns, *dur)
	})
	if bucket != nil {
		r.E2E = bucket.summary(30 * time.Second)
	}
	out, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s\n", out)
	return ctx.Err()
}

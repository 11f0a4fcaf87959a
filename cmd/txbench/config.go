package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"time"
)

// runConfig is what "txbench run" can be told. The defaults fit in the
// two minutes of make bench on two cores.
type runConfig struct {
	ServerBin    string
	OutDir       string
	Conns        int           // closed-loop connections
	OpenConns    int           // most connections an open-loop run may use
	Warmup       time.Duration // before every measured closed-loop run
	CeilingDur   time.Duration // each ceiling's measured run
	IngestDur    time.Duration // txstream's closed-loop run
	BatchDur     time.Duration // the closed loop of batches
	BatchConns   int           // its connections: batches in flight
	BatchSize    int           // items per batch
	HalfDur      time.Duration // the open-loop run at half the maximum rate
	StepDur      time.Duration // each open-loop step of the sustained search
	Steps        int
	DrainTimeout time.Duration
	E2EEvery     int // long-poll one accepted transaction in this many
	E2EWaiters   int
	ProduceDepth int // records in flight in the produce ceiling
	Partitions   int
	ConvertShare float64
	ProfileDir   string        // when set: a pprof build of the server, profiles here
	SrcDir       string        // module root, for the pprof build
	Progress     string        // auto, bar or plain
	ServerArgs   string        // more flags for txstream dev, space-separated
	ServerEnv    string        // environment of the server, space-separated NAME=VALUE
	InMemory     bool          // dev with --data-dir "": broker log and tables in the server's heap
	Overlay      string        // a go build -overlay file applied to the server's build
	Budget       time.Duration // the sustained-rate search stops early to end the run within it
	Auth         bool          // the server with --api-keys, every request with the key
}

func defaultRunConfig() runConfig {
	return runConfig{
		ServerBin: "bin/txstream", OutDir: "bin", Conns: 64, OpenConns: 256,
		Warmup: 2 * time.Second, CeilingDur: 5 * time.Second, IngestDur: 10 * time.Second,
		// 16 batches of 100 in flight: 1,600 submits, well inside the
		// server's --max-in-flight of 4,096, which a batch's items count
		// against one by one.
		BatchDur: 5 * time.Second, BatchConns: 16, BatchSize: 100,
		HalfDur: 8 * time.Second, StepDur: 8 * time.Second, Steps: 4, DrainTimeout: 20 * time.Second,
		E2EEvery: 100, E2EWaiters: 64, ProduceDepth: 1024, Partitions: 10, ConvertShare: 0.5,
		SrcDir: ".", Progress: "auto", Budget: 100 * time.Second,
	}
}

func (c *runConfig) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.ServerBin, "server-bin", c.ServerBin, "txstream binary to benchmark")
	fs.StringVar(&c.OutDir, "out", c.OutDir, "directory of bench-report.md and bench-report.json")
	fs.IntVar(&c.Conns, "conns", c.Conns, "connections of the closed-loop runs")
	fs.IntVar(&c.OpenConns, "open-conns", c.OpenConns, "most connections of an open-loop run")
	fs.DurationVar(&c.Warmup, "warmup", c.Warmup, "warm-up before each measured closed-loop run")
	fs.DurationVar(&c.CeilingDur, "ceiling-duration", c.CeilingDur, "measured run of each ceiling")
	fs.DurationVar(&c.IngestDur, "ingest-duration", c.IngestDur, "measured closed-loop run against txstream")
	fs.DurationVar(&c.BatchDur, "batch-duration", c.BatchDur, "measured closed loop of POST /transactions/batch")
	fs.IntVar(&c.BatchConns, "batch-conns", c.BatchConns, "connections (batches in flight) of the batch phase; times --batch-size must stay under the server's --max-in-flight")
	fs.IntVar(&c.BatchSize, "batch-size", c.BatchSize, "transactions per batch")
	fs.DurationVar(&c.HalfDur, "half-duration", c.HalfDur, "open-loop run at half the maximum rate")
	fs.DurationVar(&c.StepDur, "step-duration", c.StepDur, "each open-loop step of the sustained-rate search")
	fs.IntVar(&c.Steps, "steps", c.Steps, "open-loop steps of the sustained-rate search")
	fs.DurationVar(&c.DrainTimeout, "drain-timeout", c.DrainTimeout, "longest wait for processing to catch up")
	fs.IntVar(&c.E2EEvery, "e2e-every", c.E2EEvery, "long-poll one accepted transaction in this many for end-to-end latency")
	fs.IntVar(&c.E2EWaiters, "e2e-waiters", c.E2EWaiters, "concurrent long polls")
	fs.IntVar(&c.ProduceDepth, "produce-depth", c.ProduceDepth, "records in flight in the raw produce ceiling")
	fs.IntVar(&c.Partitions, "partitions", c.Partitions, "partitions of the server's topics")
	fs.Float64Var(&c.ConvertShare, "convert-share", c.ConvertShare, "share of transactions that need a conversion")
	fs.StringVar(&c.ProfileDir, "profile", c.ProfileDir, "build the server with net/http/pprof and write CPU, mutex and heap profiles here")
	fs.StringVar(&c.SrcDir, "src", c.SrcDir, "module root, for the --profile and --overlay builds")
	fs.DurationVar(&c.Budget, "budget", c.Budget, "the sustained-rate search skips its last steps to end the run within this (0: no limit)")
	fs.StringVar(&c.Overlay, "overlay", c.Overlay, "build the server from --src with this go build -overlay file (measure a change without editing the tree)")
	fs.StringVar(&c.Progress, "progress", c.Progress, "progress display: auto, bar or plain")
	fs.StringVar(&c.ServerArgs, "server-args", c.ServerArgs, "more flags for txstream dev, space-separated (e.g. --redis 127.0.0.1:6379)")
	fs.StringVar(&c.ServerEnv, "server-env", c.ServerEnv, "environment of the server, space-separated NAME=VALUE (e.g. GOMEMLIMIT=400MiB)")
	fs.BoolVar(&c.Auth, "auth", c.Auth, "start the server with --api-keys (a key file of one fresh key, written here) and send that key with every request: the cost of authentication (BENCHMARKS.md)")
	fs.BoolVar(&c.InMemory, "in-memory", c.InMemory, `run dev with --data-dir "" (the broker's log and the tables in the server's memory) instead of the dev default's on-disk state, kept in a fresh temporary directory`)
}

func (c runConfig) validate() error {
	var errs []error
	positive := func(name string, v int) {
		if v < 1 {
			errs = append(errs, fmt.Errorf("--%s: %d, need at least 1", name, v))
		}
	}
	positive("conns", c.Conns)
	positive("open-conns", c.OpenConns)
	positive("steps", c.Steps)
	positive("batch-conns", c.BatchConns)
	positive("batch-size", c.BatchSize)
	positive("e2e-every", c.E2EEvery)
	positive("e2e-waiters", c.E2EWaiters)
	positive("produce-depth", c.ProduceDepth)
	positive("partitions", c.Partitions)
	for name, d := range map[string]time.Duration{"ceiling-duration": c.CeilingDur, "ingest-duration": c.IngestDur, "batch-duration": c.BatchDur,
		"half-duration": c.HalfDur, "step-duration": c.StepDur, "drain-timeout": c.DrainTimeout} {
		if d <= 0 {
			errs = append(errs, fmt.Errorf("--%s: %s, need more than 0", name, d))
		}
	}
	if c.ConvertShare < 0 || c.ConvertShare > 1 {
		errs = append(errs, fmt.Errorf("--convert-share: %g, need 0 to 1", c.ConvertShare))
	}
	errs = append(errs, checkProgress(c.Progress))
	return usageOf(errors.Join(errs...))
}

func checkProgress(p string) error {
	switch p {
	case "auto", "bar", "plain":
		return nil
	}
	return fmt.Errorf("--progress: %q, need auto, bar or plain", p)
}

func usageOf(err error) error {
	if err == nil {
		return nil
	}
	return fmt.Errorf("%w: %w", errUsage, err)
}

// parseFlags parses args into fs, mapping -h to errHelp and mistakes to
// errUsage.
func parseFlags(fs *flag.FlagSet, args []string, stderr io.Writer) error {
	fs.SetOutput(stderr)
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		return errHelp
	case err != nil:
		return fmt.Errorf("%w: %w", errUsage, err)
	case fs.NArg() > 0:
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	return nil
}

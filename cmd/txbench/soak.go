package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/txstream/txstream/internal/embedded"
	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/streams/rates"
)

// soakConfig is what "txbench soak" can be told.
type soakConfig struct {
	ServerBin    string
	OutDir       string
	Total        int64
	Checkpoint   int64
	Conns        int
	Rate         float64 // 0: closed loop
	Brokers      string  // empty: a broker embedded in the harness process
	Redis        string  // empty: a Redis-protocol server embedded in the harness process
	DataDir      string  // the server's --data-dir; empty keeps its tables in memory
	Partitions   int
	DrainTimeout time.Duration
	Settle       time.Duration
	ConvertShare float64
	Progress     string
	ExtraArgs    string // more flags for txstream serve, space-separated
	ServerEnv    string // environment of the server, space-separated NAME=VALUE
	ProfileDir   string // when set: a pprof build, a heap profile at every checkpoint
	SrcDir       string
	Overlay      string // a go build -overlay file applied to the server's build
}

func (c *soakConfig) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.ServerBin, "server-bin", "bin/txstream", "txstream binary")
	fs.StringVar(&c.OutDir, "out", "bin", "directory of soak-report.md and soak-report.json")
	fs.Int64Var(&c.Total, "total", 200000, "transactions to drive")
	fs.Int64Var(&c.Checkpoint, "checkpoint", 50000, "measure the RSS after every this many transactions, once processed")
	fs.IntVar(&c.Conns, "conns", 32, "connections")
	fs.Float64Var(&c.Rate, "rate", 0, "open-loop rate per second; 0 drives a closed loop")
	fs.StringVar(&c.Brokers, "brokers", "", "Kafka brokers; empty embeds a kfake broker in the harness process")
	fs.StringVar(&c.Redis, "redis", "", "Redis address; empty embeds miniredis in the harness process")
	fs.StringVar(&c.DataDir, "data-dir", "", "the server's --data-dir; empty keeps its tables in memory")
	fs.IntVar(&c.Partitions, "partitions", 10, "partitions of the server's topics")
	fs.DurationVar(&c.DrainTimeout, "drain-timeout", 5*time.Minute, "longest wait for processing to catch up at a checkpoint")
	fs.DurationVar(&c.Settle, "settle", 10*time.Second, "idle time before the last RSS reading")
	fs.Float64Var(&c.ConvertShare, "convert-share", 0.5, "share of transactions that need a conversion")
	fs.StringVar(&c.Progress, "progress", "auto", "progress display: auto, bar or plain")
	fs.StringVar(&c.ExtraArgs, "server-args", "", "more flags for txstream serve, space-separated")
	fs.StringVar(&c.ServerEnv, "server-env", "", "environment of the server, space-separated NAME=VALUE (e.g. GOMEMLIMIT=400MiB)")
	fs.StringVar(&c.ProfileDir, "profile", "", "build the server with net/http/pprof and write a heap profile here at every checkpoint")
	fs.StringVar(&c.SrcDir, "src", ".", "module root, for the --profile and --overlay builds")
	fs.StringVar(&c.Overlay, "overlay", "", "build the server from --src with this go build -overlay file")
}

func (c soakConfig) validate() error {
	var errs []error
	if c.Total < 1 || c.Checkpoint < 1 || c.Conns < 1 || c.Partitions < 1 {
		errs = append(errs, fmt.Errorf("--total, --checkpoint, --conns and --partitions need at least 1"))
	}
	if c.Rate < 0 {
		errs = append(errs, fmt.Errorf("--rate: %g, need 0 or more", c.Rate))
	}
	errs = append(errs, checkProgress(c.Progress))
	return usageOf(errors.Join(errs...))
}

// soakRow is the server after some transactions were processed.
type soakRow struct {
	Label        string  `json:"label"`
	Transactions int64   `json:"transactions"` // accepted so far, all terminal unless noted
	RSSMiB       float64 `json:"rss_mib"`
	HWMMiB       float64 `json:"peak_rss_mib"`
	CPUSeconds   float64 `json:"cpu_seconds"`
	Rate         float64 `json:"accepted_per_sec"`
	Errors       int64   `json:"errors"`
	DrainSeconds float64 `json:"drain_seconds"`
	Lag          float64 `json:"lag"` // not terminal when measured
}

type soakReport struct {
	Started   time.Time  `json:"started"`
	Seconds   float64    `json:"seconds"`
	Command   string     `json:"command"`
	Machine   machine    `json:"machine"`
	Server    string     `json:"server"`
	Backends  string     `json:"backends"`
	LoadStart [3]float64 `json:"loadavg_start"`
	LoadEnd   [3]float64 `json:"loadavg_end"`
	Rows      []soakRow  `json:"rows"`
	// PerMillion extrapolates the RSS linearly to 1,000,000 transactions
	// from the checkpoints after the first.
	SlopeMiBPer100k float64  `json:"slope_mib_per_100k"`
	PerMillion      float64  `json:"rss_mib_at_1m_extrapolated"`
	Notes           []string `json:"notes,omitempty"`
}

// soakCommand is "txbench soak".
func soakCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var cfg soakConfig
	fs := flag.NewFlagSet("txbench soak", flag.ContinueOnError)
	cfg.flags(fs)
	if err := parseFlags(fs, args, stderr); err != nil {
		return err
	}
	if err := cfg.validate(); err != nil {
		return err
	}
	s := &soak{cfg: cfg, prog: newProgress(cfg.Progress, os.Stderr), live: &live{}}
	s.rep.Command = "txbench soak " + strings.Join(args, " ")
	runErr := s.run(ctx)
	if runErr != nil {
		s.rep.Notes = append(s.rep.Notes, "soak stopped early: "+runErr.Error())
	}
	md, js, err := writeReport(cfg.OutDir, "soak-report", &s.rep, markdownSoak(&s.rep))
	if err != nil {
		return errors.Join(runErr, err)
	}
	fmt.Fprintf(stdout, "RSS after %d transactions: %.0f MiB (extrapolated to 1M: %.0f MiB)\nreports: %s %s\n",
		lastRow(s.rep.Rows).Transactions, lastRow(s.rep.Rows).RSSMiB, s.rep.PerMillion, md, js)
	return runErr
}

type soak struct {
	cfg     soakConfig
	prog    *progress
	live    *live
	rep     soakReport
	server  *target
	conv    string // converter service address
	watch   *lagWatch
	cleanup []func()
}

func lastRow(rows []soakRow) soakRow {
	if len(rows) == 0 {
		return soakRow{}
	}
	return rows[len(rows)-1]
}

func (s *soak) run(ctx context.Context) error {
	start := time.Now()
	s.rep.Started, s.rep.Machine, s.rep.LoadStart = start, thisMachine(), loadAvg()
	defer func() {
		s.rep.Seconds, s.rep.LoadEnd = time.Since(start).Seconds(), loadAvg()
		s.rep.SlopeMiBPer100k, s.rep.PerMillion = extrapolate(s.rep.Rows)
	}()
	brokers, redis, closeBackends, err := s.backends()
	if err != nil {
		return err
	}
	defer closeBackends()
	defer func() {
		for _, c := range s.cleanup {
			c()
		}
	}()
	if err := s.startServer(ctx, brokers, redis); err != nil {
		return err
	}
	defer func() { _ = s.server.stop(time.Minute) }()
	if err := s.loadRates(ctx); err != nil {
		return err
	}
	s.row("ready, rates loaded", runResult{}, drainResult{})
	return s.drive(ctx)
}

// backends are the broker and Redis outside the server: given, or
// embedded in this harness process.
func (s *soak) backends() ([]string, string, func(), error) {
	var closers []func()
	closeAll := func() {
		for _, c := range closers {
			c()
		}
	}
	brokers, redis := strings.Split(s.cfg.Brokers, ","), s.cfg.Redis
	var where []string
	if s.cfg.Brokers == "" {
		k, err := embedded.StartKafka(embedded.KafkaConfig{Partitions: s.cfg.Partitions})
		if err != nil {
			return nil, "", nil, err
		}
		closers = append(closers, k.Close)
		brokers = k.Brokers
		where = append(where, "kfake broker in the harness process "+k.Brokers[0])
	} else {
		where = append(where, "Kafka "+s.cfg.Brokers)
	}
	if redis == "" {
		r, err := embedded.StartRedis("")
		if err != nil {
			closeAll()
			return nil, "", nil, err
		}
		closers = append(closers, r.Close)
		redis = r.Addr()
		where = append(where, "miniredis in the harness process "+redis)
	} else {
		where = append(where, "Redis "+redis)
	}
	s.rep.Backends = strings.Join(where, "; ")
	return brokers, redis, closeAll, nil
}

func (s *soak) startServer(ctx context.Context, brokers []string, redis string) error {
	args := []string{"serve", "--role", "all", "--brokers", strings.Join(brokers, ","), "--redis", redis,
		"--data-dir", s.cfg.DataDir, "--partitions", strconv.Itoa(s.cfg.Partitions), "--log-level", "warn", "--allow-anonymous"}
	args = append(args, strings.Fields(s.cfg.ExtraArgs)...)
	bin, err := s.serverBinary(ctx)
	if err != nil {
		return err
	}
	s.rep.Server = strings.TrimSpace(s.cfg.ServerEnv + " " + s.cfg.ServerBin + " " + strings.Join(args, " "))
	s.prog.logf("starting %s (random ports)", s.rep.Server)
	t, err := startTarget(ctx, launch.Options{Binary: bin, Args: args, Env: strings.Fields(s.cfg.ServerEnv)}, s.cfg.ProfileDir != "")
	if err != nil {
		return err
	}
	s.server, s.conv = t, t.Addresses()[launch.Converter]
	s.watch = &lagWatch{s: newScraper(t.metricsURL()), live: s.live, every: time.Second}
	return nil
}

// serverBinary is --server-bin, or a build of the module with pprof or an
// overlay; the build's directory is removed when the soak ends.
func (s *soak) serverBinary(ctx context.Context) (string, error) {
	if s.cfg.ProfileDir == "" && s.cfg.Overlay == "" {
		return s.cfg.ServerBin, nil
	}
	if s.cfg.ProfileDir != "" {
		if err := os.MkdirAll(s.cfg.ProfileDir, 0o755); err != nil {
			return "", err
		}
	}
	dir, err := os.MkdirTemp("", "txbench-build-")
	if err != nil {
		return "", err
	}
	s.cleanup = append(s.cleanup, func() { _ = os.RemoveAll(dir) })
	s.prog.logf("building txstream from %s (go build -overlay; pprof %v, overlay %q)", s.cfg.SrcDir, s.cfg.ProfileDir != "", s.cfg.Overlay)
	return buildServer(ctx, s.cfg.SrcDir, dir, s.cfg.Overlay, s.cfg.ProfileDir != "")
}

// heapProfile saves the server's heap profile after n transactions.
func (s *soak) heapProfile(n int64) {
	if s.server.pprofAddr == "" {
		return
	}
	path := filepath.Join(s.cfg.ProfileDir, fmt.Sprintf("heap-%d.pprof", n))
	if err := fetchProfile(s.server.pprofAddr, "heap", 0, path); err != nil {
		s.rep.Notes = append(s.rep.Notes, err.Error())
	}
}

// loadRates sets the sample rates through PUT /rates/{code} (serve, unlike
// dev, publishes none) and waits until GET /rates lists them all.
func (s *soak) loadRates(ctx context.Context) error {
	sample, err := rates.Sample()
	if err != nil {
		return err
	}
	client := &fasthttp.Client{ReadTimeout: 10 * time.Second, WriteTimeout: 10 * time.Second}
	for _, r := range sample {
		body, _ := json.Marshal(map[string]string{"rate": r.Rate, "date": r.Date, "source": rates.SampleSource})
		req, resp := fasthttp.AcquireRequest(), fasthttp.AcquireResponse()
		req.Header.SetMethod(fasthttp.MethodPut)
		req.Header.SetContentType("application/json")
		req.SetRequestURI("http://" + s.conv + "/rates/" + r.Currency)
		req.SetBody(body)
		err := client.Do(req, resp)
		status := resp.StatusCode()
		fasthttp.ReleaseRequest(req)
		fasthttp.ReleaseResponse(resp)
		if err != nil || status != fasthttp.StatusOK {
			return fmt.Errorf("PUT /rates/%s: %d %v", r.Currency, status, err)
		}
	}
	deadline := time.Now().Add(time.Minute)
	for time.Now().Before(deadline) {
		_, body, err := client.Get(nil, "http://"+s.conv+"/rates")
		var got struct {
			Rates []json.RawMessage `json:"rates"`
		}
		if err == nil && json.Unmarshal(body, &got) == nil && len(got.Rates) >= len(sample) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return fmt.Errorf("GET /rates did not list the %d sample rates within a minute", len(sample))
}

// drive sends the transactions in checkpoints, each drained and measured.
func (s *soak) drive(ctx context.Context) error {
	m, err := newMix(s.cfg.ConvertShare)
	if err != nil {
		return err
	}
	d := newDriver(s.server.txAddr, s.cfg.Conns, m, s.live, nil)
	count := func() (int64, int64) { return s.live.accepted.Load(), s.live.failed.Load() }
	for sent := int64(0); sent < s.cfg.Total && ctx.Err() == nil; {
		n := min(s.cfg.Checkpoint, s.cfg.Total-sent)
		sent += n
		name := fmt.Sprintf("to %d", sent)
		r := s.showChunk(name, n, count, func() runResult { return s.chunk(ctx, d, name, n) })
		dr, err := s.watch.drain(ctx, s.cfg.DrainTimeout)
		if err != nil {
			s.rep.Notes = append(s.rep.Notes, fmt.Sprintf("checkpoint %s: %v", name, err))
		}
		row := s.row(fmt.Sprintf("after %d", sent), r, dr)
		s.heapProfile(sent)
		s.prog.logf("%d accepted: RSS %.0f MiB (peak %.0f), %.0f POST/s, drain %.1fs", row.Transactions, row.RSSMiB, row.HWMMiB, row.Rate, dr.Seconds)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(s.cfg.Settle):
	}
	s.row(fmt.Sprintf("after %s idle", s.cfg.Settle), runResult{}, drainResult{})
	return nil
}

// showChunk runs a chunk under a progress display: by the clock at a set
// rate, by the count of accepted requests in the closed loop.
func (s *soak) showChunk(name string, n int64, count func() (int64, int64), run func() runResult) runResult {
	if s.cfg.Rate > 0 {
		return phase(s.prog, name, s.chunkDuration(n), count, run)
	}
	return phaseCount(s.prog, name, n, count, run)
}

// chunkDuration is how long n requests take at the set rate.
func (s *soak) chunkDuration(n int64) time.Duration {
	return time.Duration(float64(n) / s.cfg.Rate * float64(time.Second))
}

func (s *soak) chunk(ctx context.Context, d *driver, name string, n int64) runResult {
	if s.cfg.Rate > 0 {
		return d.openLoop(ctx, name, s.cfg.Rate, s.cfg.Conns, s.chunkDuration(n), 5*time.Second)
	}
	return d.closedCount(ctx, name, s.cfg.Conns, n)
}

func (s *soak) row(label string, r runResult, dr drainResult) soakRow {
	p, _ := readProc(s.server.pid())
	row := soakRow{Label: label, Transactions: s.live.accepted.Load(), RSSMiB: mib(p.RSSKiB), HWMMiB: mib(p.HWMKiB),
		CPUSeconds: p.CPU.Seconds(), Rate: r.Rate, Errors: r.Errors, DrainSeconds: dr.Seconds, Lag: dr.LagEnd}
	s.rep.Rows = append(s.rep.Rows, row)
	return row
}

// extrapolate fits RSS against transactions over the checkpoint rows
// after the first one with transactions (start-up costs excluded) and
// projects it to 1,000,000.
func extrapolate(rows []soakRow) (slopePer100k, atMillion float64) {
	var pts []soakRow
	for _, r := range rows {
		if r.Transactions > 0 && r.Rate > 0 {
			pts = append(pts, r)
		}
	}
	if len(pts) > 1 {
		pts = pts[1:]
	}
	if len(pts) < 2 {
		return 0, 0
	}
	lp := make([]lagPoint, len(pts))
	for i, r := range pts {
		lp[i] = lagPoint{T: float64(r.Transactions), Lag: r.RSSMiB}
	}
	k := slope(lp)
	last := pts[len(pts)-1]
	return k * 100000, last.RSSMiB + k*float64(1000000-last.Transactions)
}

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// report is everything one "txbench run" measured; written as JSON and
// rendered as markdown.
type report struct {
	Started   time.Time  `json:"started"`
	Seconds   float64    `json:"seconds"`
	Command   string     `json:"command"`
	Machine   machine    `json:"machine"`
	Settings  settings   `json:"settings"`
	LoadStart [3]float64 `json:"loadavg_start"`
	LoadEnd   [3]float64 `json:"loadavg_end"`
	LoadMax   float64    `json:"loadavg_1m_max"` // highest 1-minute load seen at a phase's end

	Noop    runResult     `json:"noop_ceiling"`
	Produce produceResult `json:"produce_ceiling"`

	Ingest          runResult   `json:"ingest"`
	IngestDrain     drainResult `json:"ingest_drain"`
	IngestProcessed float64     `json:"ingest_processed_per_sec"` // terminal/s over ingest and drain
	// Batch is the closed loop of POST /transactions/batch (issue 17);
	// its accepted_per_sec counts transactions, its latency batches.
	Batch      batchResult `json:"batch"`
	BatchDrain drainResult `json:"batch_drain"`

	Half          runResult    `json:"half_rate"`
	HalfStep      stepResult   `json:"half_rate_lag"`
	Steps         []stepResult `json:"steps"`
	Sustained     float64      `json:"sustained_per_sec"` // highest step rate that kept up
	SustainedProc float64      `json:"sustained_processed_per_sec"`

	Server  serverStats   `json:"server"`
	Ratios  ratios        `json:"ratios"`
	Targets []targetCheck `json:"targets"`
	Notes   []string      `json:"notes,omitempty"`
}

// settings are the run's configuration, durations as text.
type settings struct {
	Conns        int     `json:"conns"`
	BatchConns   int     `json:"batch_conns"`
	BatchSize    int     `json:"batch_size"`
	Batch        string  `json:"batch_duration"`
	OpenConns    int     `json:"open_conns"`
	Warmup       string  `json:"warmup"`
	Ceiling      string  `json:"ceiling_duration"`
	Ingest       string  `json:"ingest_duration"`
	Half         string  `json:"half_duration"`
	Step         string  `json:"step_duration"`
	Steps        int     `json:"steps"`
	E2EEvery     int     `json:"e2e_every"`
	ProduceDepth int     `json:"produce_depth"`
	Partitions   int     `json:"partitions"`
	ConvertShare float64 `json:"convert_share"`
	Server       string  `json:"server"`
}

func settingsOf(c runConfig) settings {
	return settings{Conns: c.Conns, BatchConns: c.BatchConns, BatchSize: c.BatchSize, Batch: c.BatchDur.String(), OpenConns: c.OpenConns, Warmup: c.Warmup.String(), Ceiling: c.CeilingDur.String(),
		Ingest: c.IngestDur.String(), Half: c.HalfDur.String(), Step: c.StepDur.String(), Steps: c.Steps,
		E2EEvery: c.E2EEvery, ProduceDepth: c.ProduceDepth, Partitions: c.Partitions, ConvertShare: c.ConvertShare,
		Server: strings.TrimSpace(c.ServerEnv + " txstream dev " + dataDirOf(c) + " " + c.ServerArgs +
			" (embedded broker and Redis in the same process unless named), random ports")}
}

// dataDirOf says where the server kept its state.
func dataDirOf(c runConfig) string {
	if c.InMemory {
		return `--data-dir "" (broker log and tables in memory)`
	}
	return "--data-dir <a fresh temporary directory> (the dev default's on-disk state)"
}

// serverStats is what /proc said of the txstream process.
type serverStats struct {
	PeakRSSMiB   float64 `json:"peak_rss_mib"` // VmHWM at the end
	EndRSSMiB    float64 `json:"end_rss_mib"`
	CPUSeconds   float64 `json:"cpu_seconds"`
	Transactions int64   `json:"transactions_accepted"`
}

// ratios put txstream's figures against this run's ceilings.
type ratios struct {
	IngestOfNoop       float64 `json:"ingest_of_noop"`       // closed-loop accepted/s over the no-op server's
	IngestOfProduce    float64 `json:"ingest_of_produce"`    // closed-loop accepted/s over raw acked records/s
	SustainedOfNoop    float64 `json:"sustained_of_noop"`    // sustained end-to-end/s over the no-op server's
	SustainedOfProduce float64 `json:"sustained_of_produce"` // sustained end-to-end/s over raw acked records/s
	HalfP99OfNoopP99   float64 `json:"half_p99_of_noop_p99"` // informative: both at their own load
	BatchOfIngest      float64 `json:"batch_of_ingest"`      // transactions/s through batches over single POSTs/s
}

// targetCheck is one target of issue 7 and what this run measured.
type targetCheck struct {
	Name     string `json:"name"`
	Target   string `json:"target"`
	Measured string `json:"measured"`
	Verdict  string `json:"verdict"` // met, missed, not measured
}

func verdict(ok bool) string {
	if ok {
		return "met"
	}
	return "missed"
}

func (r *report) fill() {
	if r.Noop.Rate > 0 {
		r.Ratios.IngestOfNoop = r.Ingest.Rate / r.Noop.Rate
		r.Ratios.SustainedOfNoop = r.Sustained / r.Noop.Rate
	}
	if r.Produce.Rate > 0 {
		r.Ratios.IngestOfProduce = r.Ingest.Rate / r.Produce.Rate
		r.Ratios.SustainedOfProduce = r.Sustained / r.Produce.Rate
	}
	if r.Ingest.Rate > 0 {
		r.Ratios.BatchOfIngest = r.Batch.Rate / r.Ingest.Rate
	}
	if r.Noop.Latency.P99 > 0 {
		r.Ratios.HalfP99OfNoopP99 = r.Half.Latency.P99 / r.Noop.Latency.P99
	}
	r.Targets = []targetCheck{
		{"ingest", "≥ 40% of the no-op ceiling",
			fmt.Sprintf("%.0f/s of %.0f/s = %.0f%%", r.Ingest.Rate, r.Noop.Rate, 100*r.Ratios.IngestOfNoop),
			verdict(r.Ratios.IngestOfNoop >= 0.40)},
		{"sustained end-to-end", "≥ 10,000 tx/s, lag bounded",
			fmt.Sprintf("%.0f tx/s (processed %.0f/s)", r.Sustained, r.SustainedProc), verdict(r.Sustained >= 10000)},
		{"POST p99 at half the maximum rate", "≤ 10 ms",
			fmt.Sprintf("%.2f ms at %.0f/s", r.Half.Latency.P99, r.Half.TargetRate), verdict(r.Half.Latency.P99 > 0 && r.Half.Latency.P99 <= 10)},
		{fmt.Sprintf("transactions accepted through batches of %d", r.Batch.Size), "≥ 8× the single POSTs' ingest",
			fmt.Sprintf("%.0f/s = %.1f× %.0f/s", r.Batch.Rate, r.Ratios.BatchOfIngest, r.Ingest.Rate),
			verdict(r.Ratios.BatchOfIngest >= 8)},
		{"RSS of serve --role all after 1,000,000 transactions", "≤ 512 MiB",
			"see txbench soak (BENCHMARKS.md)", "not measured here"},
	}
}

// writeReport saves v as DIR/BASE.json and md as DIR/BASE.md.
func writeReport(dir, base string, v any, md string) (string, string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", "", err
	}
	js, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return "", "", err
	}
	jsonPath, mdPath := filepath.Join(dir, base+".json"), filepath.Join(dir, base+".md")
	if err := os.WriteFile(jsonPath, append(js, '\n'), 0o644); err != nil {
		return "", "", err
	}
	if err := os.WriteFile(mdPath, []byte(md), 0o644); err != nil {
		return "", "", err
	}
	return mdPath, jsonPath, nil
}

func mib(kib int64) float64 { return float64(kib) / 1024 }

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func sampleReport() *report {
	r := &report{Machine: thisMachine(), Command: "txbench run"}
	r.Noop = runResult{Name: "no-op ceiling", Mode: "closed", Conns: 64, Rate: 100000, Latency: latencySummary{P99: 2}}
	r.Produce = produceResult{Rate: 200000}
	r.Ingest = runResult{Name: "ingest", Mode: "closed", Conns: 64, Rate: 45000, Outcomes: map[string]int64{"201": 10, "503": 2}}
	r.Half = runResult{Name: "half", Mode: "open", TargetRate: 22500, Rate: 22500, Latency: latencySummary{P99: 12.5}}
	r.Batch = batchResult{runResult: runResult{Name: "batches", Mode: "closed", Conns: 16, Rate: 405000}, Size: 100}
	r.Sustained, r.SustainedProc = 9000, 8990
	r.fill()
	return r
}

func TestTargets(t *testing.T) {
	r := sampleReport()
	want := map[string]string{
		"ingest":                            "met",
		"sustained end-to-end":              "missed",
		"POST p99 at half the maximum rate": "missed",
		"transactions accepted through batches of 100": "met",
	}
	for _, tc := range r.Targets {
		if v, ok := want[tc.Name]; ok && v != tc.Verdict {
			t.Errorf("%s: %s (%s), want %s", tc.Name, tc.Verdict, tc.Measured, v)
		}
	}
	if r.Ratios.IngestOfNoop != 0.45 || r.Ratios.IngestOfProduce != 0.225 || r.Ratios.BatchOfIngest != 9 {
		t.Errorf("ratios %+v", r.Ratios)
	}
}

func TestWriteReport(t *testing.T) {
	r := sampleReport()
	dir := t.TempDir()
	md, js, err := writeReport(dir, "bench-report", r, markdownRun(r))
	if err != nil {
		t.Fatal(err)
	}
	if md != filepath.Join(dir, "bench-report.md") || js != filepath.Join(dir, "bench-report.json") {
		t.Errorf("paths %s %s", md, js)
	}
	text, _ := os.ReadFile(md)
	for _, want := range []string{"| ingest | ≥ 40% of the no-op ceiling | 45000/s of 100000/s = 45% | met |", "503×2", "12.50 ms"} {
		if !strings.Contains(string(text), want) {
			t.Errorf("markdown lacks %q", want)
		}
	}
	raw, _ := os.ReadFile(js)
	var back report
	if err := json.Unmarshal(raw, &back); err != nil {
		t.Fatal(err)
	}
	if back.Ingest.Rate != 45000 || back.Ratios.IngestOfNoop != 0.45 || len(back.Targets) != 5 || back.Batch.Rate != 405000 || back.Batch.Size != 100 {
		t.Errorf("JSON round trip lost figures: %+v", back.Ratios)
	}
}

func TestExtrapolate(t *testing.T) {
	rows := []soakRow{
		{Transactions: 0, RSSMiB: 50},
		{Transactions: 100000, RSSMiB: 200, Rate: 1},
		{Transactions: 200000, RSSMiB: 260, Rate: 1},
		{Transactions: 300000, RSSMiB: 320, Rate: 1},
	}
	per100k, at1m := extrapolate(rows)
	if per100k < 59.9 || per100k > 60.1 || at1m < 739 || at1m > 741 {
		t.Errorf("slope %v per 100k, %v at 1M; want 60 and 740", per100k, at1m)
	}
}

package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// markdownRun renders a run's report.
func markdownRun(r *report) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("# txstream benchmark report")
	w("")
	w("%s, %.0f s. `%s`", r.Started.Format("2006-01-02 15:04:05 MST"), r.Seconds, r.Command)
	w("")
	w("Machine: %d CPUs, %s, %s, %s, kernel %s, memory %s. Load average at start %s, at end %s, highest 1-minute at a phase end %.2f.",
		r.Machine.NProc, r.Machine.CPUModel, r.Machine.GoVersion, r.Machine.OSArch, r.Machine.Kernel, r.Machine.MemTotal,
		loadText(r.LoadStart), loadText(r.LoadEnd), r.LoadMax)
	w("")
	w("Server: %s. Harness, ceilings and server share the machine.", r.Settings.Server)
	w("")
	w("## Targets")
	w("")
	w("| target | wanted | measured | verdict |")
	w("| --- | --- | --- | --- |")
	for _, t := range r.Targets {
		w("| %s | %s | %s | %s |", t.Name, t.Target, t.Measured, t.Verdict)
	}
	w("")
	w("## Ceilings and ratios")
	w("")
	w("| figure | value | ratio |")
	w("| --- | --- | --- |")
	w("| no-op fasthttp server, closed loop, %d conns | %.0f POST/s (p99 %.2f ms, server %.2f cores) | |", r.Noop.Conns, r.Noop.Rate, r.Noop.Latency.P99, r.Noop.ServerCPU)
	w("| raw produce into the same broker (idempotent, acks=all, %d B values, %d in flight) | %.0f records/s (broker process %.2f cores) | |",
		r.Produce.ValueBytes, r.Produce.Depth, r.Produce.Rate, r.Produce.ServerCPU)
	w("| txstream ingest, closed loop, %d conns | %.0f POST/s | %.1f%% of no-op, %.1f%% of raw produce |", r.Ingest.Conns, r.Ingest.Rate, 100*r.Ratios.IngestOfNoop, 100*r.Ratios.IngestOfProduce)
	w("| txstream ingest through batches of %d, closed loop, %d conns | %.0f tx/s (%.0f batches/s) | %.1f× the single POSTs |", r.Batch.Size, r.Batch.Conns, r.Batch.Rate, r.Batch.BatchesPerSec, r.Ratios.BatchOfIngest)
	w("| txstream sustained end-to-end (lag bounded) | %.0f tx/s (processed %.0f/s) | %.1f%% of no-op, %.1f%% of raw produce |", r.Sustained, r.SustainedProc, 100*r.Ratios.SustainedOfNoop, 100*r.Ratios.SustainedOfProduce)
	w("")
	w("## Load runs")
	w("")
	w("The batches run counts transactions in accepted/s and batches (of %d) in its latency, errors and outcomes.", r.Batch.Size)
	w("")
	w("POST latency in ms; open-loop runs from the intended send time. End-to-end: POST sent to terminal status, sampled one in %d.", r.Settings.E2EEvery)
	w("")
	w("| run | mode | rate wanted | accepted/s | errors | p50 | p90 | p99 | p99.9 | max | e2e p50 | e2e p99 | e2e n | server cores | harness cores | server RSS MiB |")
	w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	runs := []runResult{r.Noop, r.Ingest, r.Batch.runResult, r.Half}
	for _, s := range r.Steps {
		runs = append(runs, s.Run)
	}
	for _, x := range runs {
		w("%s", runRow(x))
	}
	w("")
	w("Outcomes by status code: %s.", outcomesText(runs))
	w("")
	w("## Processing")
	w("")
	w("Ingest closed loop: processed %.0f tx/s over the run and its drain (%.1f s to catch up from a lag of %.0f).",
		r.IngestProcessed, r.IngestDrain.Seconds, r.IngestDrain.LagStart)
	w("")
	w("Batches: %.1f s to catch up from a lag of %.0f after them.", r.BatchDrain.Seconds, r.BatchDrain.LagStart)
	w("")
	w("A step keeps up when ≥95%% of the wanted rate is accepted with ≤0.1%% errors, fewer than one second of arrivals are not terminal at its end, and the lag grows by less than 5%% of the rate per second over its second half.")
	w("")
	w("| step | wanted/s | accepted/s | processed/s | lag end | lag max | lag slope/s | consumer lag max | drain s | verdict |")
	w("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	steps := append([]stepResult{r.HalfStep}, r.Steps...)
	for _, s := range steps {
		w("| %s | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.0f | %.1f | %s |", s.Run.Name, s.Run.TargetRate, s.Run.Rate,
			s.Processed, s.LagEnd, s.LagMax, s.LagSlope, s.ConsLag, s.Drain.Seconds, s.Reason)
	}
	w("")
	w("## Server process")
	w("")
	w("Peak RSS (VmHWM) %.0f MiB, RSS at the end %.0f MiB, %.1f CPU seconds, %d transactions accepted. The dev process holds the embedded broker and Redis too (with --in-memory, the broker's log and the tables in its heap).",
		r.Server.PeakRSSMiB, r.Server.EndRSSMiB, r.Server.CPUSeconds, r.Server.Transactions)
	if len(r.Notes) > 0 {
		w("")
		w("## Notes")
		w("")
		for _, n := range r.Notes {
			w("- %s", n)
		}
	}
	return b.String()
}

func runRow(x runResult) string {
	want := "max"
	if x.TargetRate > 0 {
		want = fmt.Sprintf("%.0f", x.TargetRate)
	}
	e50, e99, en := "", "", ""
	if x.E2E != nil && x.E2E.Count > 0 {
		e50, e99, en = fmt.Sprintf("%.1f", x.E2E.P50), fmt.Sprintf("%.1f", x.E2E.P99), fmt.Sprintf("%d", x.E2E.Count)
	}
	l := x.Latency
	return fmt.Sprintf("| %s | %s, %d conns | %s | %.0f | %d | %.2f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s | %.2f | %.2f | %.0f |",
		x.Name, x.Mode, x.Conns, want, x.Rate, x.Errors, l.P50, l.P90, l.P99, l.P999, l.Max, e50, e99, en, x.ServerCPU, x.HarnessCPU, x.ServerRSS)
}

func outcomesText(runs []runResult) string {
	var parts []string
	for _, x := range runs {
		var kv []string
		for _, k := range slices.Sorted(maps.Keys(x.Outcomes)) {
			kv = append(kv, fmt.Sprintf("%s×%d", k, x.Outcomes[k]))
		}
		parts = append(parts, fmt.Sprintf("%s: %s", x.Name, strings.Join(kv, " ")))
	}
	return strings.Join(parts, "; ")
}

func loadText(l [3]float64) string { return fmt.Sprintf("%.2f/%.2f/%.2f", l[0], l[1], l[2]) }

// summaryLines is what run prints on stdout at the end.
func summaryLines(r *report) string {
	var b strings.Builder
	for _, t := range r.Targets {
		fmt.Fprintf(&b, "%-55s %-28s %-40s %s\n", t.Name, t.Target, t.Measured, t.Verdict)
	}
	return strings.TrimRight(b.String(), "\n")
}

// markdownSoak renders a soak report.
func markdownSoak(r *soakReport) string {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	w("# txstream soak report")
	w("")
	w("%s, %.0f s. `%s`", r.Started.Format("2006-01-02 15:04:05 MST"), r.Seconds, r.Command)
	w("")
	w("Machine: %d CPUs, %s, %s. Load average at start %s, at end %s.", r.Machine.NProc, r.Machine.CPUModel,
		r.Machine.GoVersion, loadText(r.LoadStart), loadText(r.LoadEnd))
	w("")
	w("Server: `%s`. Backends: %s.", r.Server, r.Backends)
	w("")
	w("| when | transactions | RSS MiB | peak RSS MiB | CPU s | accepted/s | errors | drain s | not terminal |")
	w("| --- | --- | --- | --- | --- | --- | --- | --- | --- |")
	for _, x := range r.Rows {
		w("| %s | %d | %.0f | %.0f | %.1f | %.0f | %d | %.1f | %.0f |", x.Label, x.Transactions, x.RSSMiB, x.HWMMiB,
			x.CPUSeconds, x.Rate, x.Errors, x.DrainSeconds, x.Lag)
	}
	w("")
	w("RSS grows %.1f MiB per 100,000 transactions after the first checkpoint; linear extrapolation to 1,000,000: %.0f MiB.",
		r.SlopeMiBPer100k, r.PerMillion)
	for _, n := range r.Notes {
		w("")
		w("- %s", n)
	}
	return b.String()
}

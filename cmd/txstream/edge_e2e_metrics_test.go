package main

import (
	"testing"

	dto "github.com/prometheus/client_model/go"
)

// metricValue sums the samples of family name (counters and gauges) in
// the process's registry whose labels include every name=value pair of
// labels.
//
// Gather's error is not fatal here: it also returns every family it could
// gather, and in a process running the processors and the views the goka
// collector reports some txstream_goka_table_partitions series twice (the
// view of a table is attached under its processor's group name), which
// Gather reports as an error while the edge and actor families read here
// are complete.
func (s *e2eStack) metricValue(t testing.TB, name string, labels ...string) float64 {
	t.Helper()
	mfs, err := s.p.reg.Gather()
	if len(mfs) == 0 {
		t.Fatalf("gather metrics: %v", err)
	}
	total := 0.0
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		for _, m := range mf.GetMetric() {
			if hasLabels(m, labels) {
				total += m.GetCounter().GetValue() + m.GetGauge().GetValue()
			}
		}
	}
	return total
}

func hasLabels(m *dto.Metric, labels []string) bool {
	for i := 0; i+1 < len(labels); i += 2 {
		found := false
		for _, lp := range m.GetLabel() {
			if lp.GetName() == labels[i] && lp.GetValue() == labels[i+1] {
				found = true
			}
		}
		if !found {
			return false
		}
	}
	return true
}

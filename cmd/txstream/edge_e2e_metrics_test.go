package main

import (
	"testing"

	dto "github.com/prometheus/client_model/go"
)

// metricValue sums the samples of family name (counters and gauges) in
// the process's registry whose labels include every name=value pair of
// labels. The registry must gather without error: a series collected
// twice (as views once were, under their processors' names) fails here.
func (s *e2eStack) metricValue(t testing.TB, name string, labels ...string) float64 {
	t.Helper()
	mfs, err := s.app.Registry().Gather()
	if err != nil {
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

package integration

import (
	"bytes"
	"fmt"
	"io"
	"net/http"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// scrape reads a process's /metrics on its metrics port.
func (m *member) scrape() (map[string]*dto.MetricFamily, error) {
	resp, err := client.Get(m.ports.url(m.ports.metrics, "/metrics"))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("GET /metrics of %s: %d", m.name, resp.StatusCode)
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	return parser.TextToMetricFamilies(bytes.NewReader(body))
}

// metricSum adds the values of the series of family name whose labels
// include want; 0 when there are none.
func metricSum(mfs map[string]*dto.MetricFamily, name string, want map[string]string) float64 {
	total := 0.0
	for _, m := range mfs[name].GetMetric() {
		if labelsInclude(m, want) {
			total += m.GetCounter().GetValue() + m.GetGauge().GetValue() + m.GetUntyped().GetValue()
		}
	}
	return total
}

func labelsInclude(m *dto.Metric, want map[string]string) bool {
	have := map[string]string{}
	for _, lp := range m.GetLabel() {
		have[lp.GetName()] = lp.GetValue()
	}
	for k, v := range want {
		if have[k] != v {
			return false
		}
	}
	return true
}

// assigned reads txstream_goka_assigned_partitions of each group from the
// process's metrics.
func (m *member) assigned(groups []string) (map[string]int, error) {
	mfs, err := m.scrape()
	if err != nil {
		return nil, err
	}
	out := map[string]int{}
	for _, g := range groups {
		out[g] = int(metricSum(mfs, "txstream_goka_assigned_partitions", map[string]string{"group": g}))
	}
	return out, nil
}

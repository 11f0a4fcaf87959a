package integration

import (
	"fmt"
	"io"
	"net/http"

	dto "github.com/prometheus/client_model/go"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/testenv"
)

// scrape reads a process's /metrics on its metrics port.
func (m *member) scrape() (map[string]*dto.MetricFamily, error) {
	resp, err := client.Get(m.url(launch.Metrics, "/metrics"))
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
	return testenv.ParseMetrics(body)
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
		out[g] = int(testenv.MetricSum(mfs, "txstream_goka_assigned_partitions", map[string]string{"group": g}))
	}
	return out, nil
}

// distrusted reports whether the process said a refresh of its cache did
// not reach Redis (txstream_cache_distrusts_total above zero), after which
// it serves no cached entry for one TTL.
func (m *member) distrusted() bool {
	mfs, err := m.scrape()
	return err == nil && testenv.MetricSum(mfs, "txstream_cache_distrusts_total", nil) > 0
}

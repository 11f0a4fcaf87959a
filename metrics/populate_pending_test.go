package metrics

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// Until edge is committed, its observer is not built.
func populateEdge(*testing.T, prometheus.Registerer) {}

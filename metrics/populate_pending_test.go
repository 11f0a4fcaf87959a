package metrics

import (
	"testing"

	"github.com/prometheus/client_golang/prometheus"
)

// Until edge and actors are committed, their observers are not built.
func populateEdge(*testing.T, prometheus.Registerer)   {}
func populateActors(*testing.T, prometheus.Registerer) {}

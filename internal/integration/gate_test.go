package integration

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

// Environment variables that enable and configure the tier.
const (
	envEnable   = "TXSTREAM_INTEGRATION"     // "1" runs the tests
	envBrokers  = "KAFKA_BROKERS"            // the real broker(s)
	envStateDir = "TXSTREAM_KAFKA_STATE_DIR" // kafka.sh state dir the outage test may stop
	envVersion  = "KAFKA_VERSION"            // printed with the figures
	envRate     = "TXSTREAM_IT_RATE"         // open-loop POSTs per second (default 200)
	envReport   = "TXSTREAM_IT_REPORT"       // optional file the figures are appended to
	envCluster  = "TXSTREAM_CLUSTER"         // "1" runs the replicated-cluster test
	envNodes    = "KAFKA_NODES"              // nodes of the kafka.sh cluster (up --brokers 3)
)

// requireIntegration skips the test unless the tier is enabled, and
// returns the brokers.
func requireIntegration(t *testing.T) []string {
	t.Helper()
	if os.Getenv(envEnable) != "1" {
		t.Skipf("integration tier: set %s=1 and %s (deploy/kafka/test-integration.sh does)", envEnable, envBrokers)
	}
	brokers := os.Getenv(envBrokers)
	if brokers == "" {
		t.Skipf("integration tier: %s is not set", envBrokers)
	}
	if testing.Short() {
		t.Skip("integration tier: skipped with -short")
	}
	return strings.Split(brokers, ",")
}

// kafkaVersion names the broker's release for the figures.
func kafkaVersion() string {
	if v := os.Getenv(envVersion); v != "" {
		return v
	}
	return "unknown (KAFKA_VERSION not set)"
}

// requireCluster skips the test unless the replicated-cluster test is
// enabled on a kafka.sh cluster of three nodes or more that it may stop
// (make test-cluster sets all of it), and returns the brokers.
func requireCluster(t *testing.T) []string {
	t.Helper()
	if os.Getenv(envCluster) != "1" {
		t.Skipf("cluster test: set %s=1, and %s, %s and %s of a kafka.sh cluster (make test-cluster does)", envCluster, envBrokers, envNodes, envStateDir)
	}
	brokers := os.Getenv(envBrokers)
	if n, _ := strconv.Atoi(os.Getenv(envNodes)); n < 3 || brokers == "" || os.Getenv(envStateDir) == "" {
		t.Skipf("cluster test: needs %s, %s >= 3 and %s (kafka.sh up --brokers 3)", envBrokers, envNodes, envStateDir)
	}
	return strings.Split(brokers, ",")
}

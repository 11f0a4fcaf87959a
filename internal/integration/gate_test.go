package integration

import (
	"os"
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

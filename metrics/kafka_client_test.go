package metrics

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestKafkaClientOnKafka produces through the producer as the binary
// builds it: kprom counts the client's side of the record on the registry
// passed in, exports no consumer family, and takes its families away when
// the client closes. The hooks run after the produce returns, so the
// counts are waited for.
func TestKafkaClientOnKafka(t *testing.T) {
	cfg := testenv.StreamsConfig(t, 1)
	reg := prometheus.NewRegistry()
	prod, err := streams.NewProducer(cfg, kgo.WithHooks(NewKafkaClient(reg)))
	if err != nil {
		t.Fatal(err)
	}
	if err := prod.ProduceTransaction(context.Background(), domain.TransactionRequested{ID: "kprom-1"}); err != nil {
		t.Fatal(err)
	}
	prefix := Namespace + "_" + KafkaClientSubsystem + "_"
	tests := []struct {
		name   string
		family string
		labels map[string]string
		min    float64
	}{
		{"the record", "produce_records_total", map[string]string{"topic": cfg.Topics.Transactions}, 1},
		{"its batch", "produce_batches_total", map[string]string{"topic": cfg.Topics.Transactions}, 1},
		{"its bytes", "produce_uncompressed_bytes_total", map[string]string{"topic": cfg.Topics.Transactions}, 1},
		{"connections", "connects_total", nil, 1},
		{"bytes written", "write_bytes_total", nil, 1},
		{"requests timed", "request_duration_e2e_seconds", nil, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// franz-go calls the produce-batch hooks on a goroutine of
			// their own after the promise, so the batch families are
			// polled, not read once.
			testenv.Eventually(t, 10*time.Second, func() bool {
				return total(t, reg, prefix+tt.family, tt.labels) >= tt.min
			}, "%s%s%v at least %v", prefix, tt.family, tt.labels, tt.min)
		})
	}
	t.Run("no consumer family", func(t *testing.T) {
		for name := range gatheredNames(t, reg) {
			if strings.Contains(name, "fetch") || (strings.Contains(name, "_compressed") && !strings.Contains(name, "uncompressed")) {
				t.Errorf("%s exported", name)
			}
		}
	})
	if err := prod.Close(); err != nil {
		t.Fatal(err)
	}
	t.Run("unregistered on close", func(t *testing.T) {
		for name := range gatheredNames(t, reg) {
			if strings.HasPrefix(name, prefix) {
				t.Errorf("%s still exported after the client closed", name)
			}
		}
	})
}

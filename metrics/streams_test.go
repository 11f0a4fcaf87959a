package metrics

import (
	"errors"
	"testing"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

func TestStreamsCountsTerminalTransactionsByStatusAndReason(t *testing.T) {
	reg := prometheus.NewRegistry()
	s, err := NewStreams(reg)
	if err != nil {
		t.Fatal(err)
	}
	events := []domain.StatusEvent{
		statusEvent("a", domain.StatusReceived, ""),
		statusEvent("a", domain.StatusCompleted, ""),
		statusEvent("b", domain.StatusReceived, ""),
		statusEvent("b", domain.StatusConverting, ""),
		statusEvent("b", domain.StatusFailed, domain.ReasonNoRate),
		statusEvent("c", domain.StatusFailed, domain.ReasonInvalidAmount),
		statusEvent("d", domain.StatusFailed, "made_up_by_a_producer"),
	}
	for _, ev := range events {
		s.Transition(ev)
	}
	tests := []struct {
		name   string
		family string
		labels map[string]string
		want   float64
	}{
		{"received transitions", "txstream_transaction_transitions_total", map[string]string{"status": "received"}, 2},
		{"converting transitions", "txstream_transaction_transitions_total", map[string]string{"status": "converting"}, 1},
		{"failed transitions", "txstream_transaction_transitions_total", map[string]string{"status": "failed"}, 3},
		{"completed without reason", "txstream_transactions_finished_total", map[string]string{"status": "completed", "reason": ""}, 1},
		{"failed for no rate", "txstream_transactions_finished_total", map[string]string{"status": "failed", "reason": "no_rate"}, 1},
		{"failed for amount", "txstream_transactions_finished_total", map[string]string{"status": "failed", "reason": "invalid_amount"}, 1},
		{"unknown reason folded", "txstream_transactions_finished_total", map[string]string{"status": "failed", "reason": "other"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sample(t, reg, tt.family, tt.labels); got != tt.want {
				t.Errorf("%s%v = %v, want %v", tt.family, tt.labels, got, tt.want)
			}
		})
	}
	t.Run("non-terminal statuses are not finished", func(t *testing.T) {
		if got := total(t, reg, "txstream_transactions_finished_total", nil); got != 4 {
			t.Errorf("%v finished, want 4", got)
		}
		for _, status := range []string{"received", "converting"} {
			if got := total(t, reg, "txstream_transactions_finished_total", map[string]string{"status": status}); got != 0 {
				t.Errorf("%v finished %s", got, status)
			}
		}
	})
}

func TestStreamsCountsConversionsByPairWithBoundedLabels(t *testing.T) {
	reg := prometheus.NewRegistry()
	s, err := NewStreams(reg)
	if err != nil {
		t.Fatal(err)
	}
	s.Converted(conversion("EUR", "USD", domain.StatusCompleted, ""))
	s.Converted(conversion("EUR", "USD", domain.StatusCompleted, ""))
	s.Converted(conversion("EUR", "JPY", domain.StatusFailed, domain.ReasonNoRate))
	s.Converted(conversion("eur'; DROP", "ZZZ", domain.StatusFailed, domain.ReasonInvalidCurrency))
	s.Converted(conversion("QQQ", "USD", domain.StatusFailed, domain.ReasonInvalidCurrency))
	tests := []struct {
		name   string
		labels map[string]string
		want   float64
	}{
		{"completed pair", map[string]string{"from": "EUR", "to": "USD", "status": "completed", "reason": ""}, 2},
		{"failed pair", map[string]string{"from": "EUR", "to": "JPY", "status": "failed", "reason": "no_rate"}, 1},
		{"garbage currencies become invalid", map[string]string{"from": "invalid", "to": "invalid"}, 1},
		{"unknown code becomes invalid", map[string]string{"from": "invalid", "to": "USD"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sample(t, reg, "txstream_conversions_total", tt.labels); got != tt.want {
				t.Errorf("conversions%v = %v, want %v", tt.labels, got, tt.want)
			}
		})
	}
}

func TestStreamsCountsMessagesPerGroupAndTopic(t *testing.T) {
	reg := prometheus.NewRegistry()
	s, err := NewStreams(reg)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		s.Processed("transactions", "transaction-topic")
	}
	s.Processed("conversions", "conversion-topic")
	s.Duplicate("transactions", "transaction-topic")
	s.Conflict("transactions", "transaction-topic")
	s.Conflict("transactions", "transaction-topic")
	s.Malformed("conversions", "conversion-topic")
	s.Refused("rates", "rates-topic", "future_date")
	s.Restarted("status-log")
	s.DeadLettered("rates", "rates-table", streams.ReasonBadTableValue)
	tests := []struct {
		family string
		labels map[string]string
		want   float64
	}{
		{"txstream_stream_messages_processed_total", map[string]string{"group": "transactions", "topic": "transaction-topic"}, 3},
		{"txstream_stream_messages_processed_total", map[string]string{"group": "conversions", "topic": "conversion-topic"}, 1},
		{"txstream_stream_duplicates_total", map[string]string{"group": "transactions"}, 1},
		{"txstream_stream_conflicts_total", map[string]string{"group": "transactions"}, 2},
		{"txstream_stream_malformed_total", map[string]string{"group": "conversions", "topic": "conversion-topic"}, 1},
		{"txstream_stream_refused_total", map[string]string{"group": "rates", "topic": "rates-topic", "reason": "future_date"}, 1},
		{"txstream_stream_processor_restarts_total", map[string]string{"group": "status-log"}, 1},
		{"txstream_dead_letters_total", map[string]string{"group": "rates", "topic": "rates-table", "reason": "bad_table_value"}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.family, func(t *testing.T) {
			if got := sample(t, reg, tt.family, tt.labels); got != tt.want {
				t.Errorf("%s%v = %v, want %v", tt.family, tt.labels, got, tt.want)
			}
		})
	}
}

func TestFailedConstructorLeavesNothingRegistered(t *testing.T) {
	reg := prometheus.NewRegistry()
	// The last registration fails, after the others succeeded.
	if _, err := NewStreams(&failLast{Registerer: reg, n: 9}); !errors.Is(err, ErrRegister) {
		t.Fatalf("NewStreams with a failing registration: %v, want ErrRegister", err)
	}
	s, err := NewStreams(reg)
	if err != nil {
		t.Fatalf("NewStreams after a failed one: %v (a family was left registered)", err)
	}
	s.Processed("g", "t")
	if n := len(family(t, reg, "txstream_stream_messages_processed_total").GetMetric()); n != 1 {
		t.Errorf("%d series, want 1", n)
	}
}

// failLast refuses the n-th registration.
type failLast struct {
	prometheus.Registerer
	n, seen int
}

func (f *failLast) Register(c prometheus.Collector) error {
	f.seen++
	if f.seen == f.n {
		return errors.New("refused")
	}
	return f.Registerer.Register(c)
}

func statusEvent(id string, s domain.Status, r domain.Reason) domain.StatusEvent {
	return domain.StatusEvent{TransactionID: id, StatusChange: domain.StatusChange{Status: s, Reason: r}}
}

func conversion(from, to string, s domain.Status, r domain.Reason) domain.Conversion {
	return domain.Conversion{From: from, To: to, Status: s, Reason: r}
}

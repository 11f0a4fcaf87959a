package main

import "testing"

const sampleMetrics = `# HELP txstream_transactions_finished_total Transactions that reached completed or failed.
# TYPE txstream_transactions_finished_total counter
txstream_transactions_finished_total{reason="",status="completed"} 120
txstream_transactions_finished_total{reason="no_rate",status="failed"} 3
txstream_transactions_finished_totally_other 1000
txstream_goka_consumer_lag_messages{group="transactions",partition="0",topic="transaction-topic"} 5
txstream_goka_consumer_lag_messages{group="status-log",partition="1",topic="status-topic"} 7
txstream_ready 1
`

func TestSumFamily(t *testing.T) {
	tests := []struct {
		name   string
		family string
		want   []string
		sum    float64
	}{
		{"all series", metricFinished, nil, 123},
		{"one label", metricFinished, []string{`status="failed"`}, 3},
		{"label at the end", metricFinished, []string{`status="completed"`}, 120},
		{"no match", metricFinished, []string{`status="converting"`}, 0},
		{"lag", metricLag, nil, 12},
		{"lag of a group", metricLag, []string{`group="transactions"`}, 5},
		{"no labels", "txstream_ready", nil, 1},
		{"prefix of another family", "txstream_transactions_finished", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := sumFamily(sampleMetrics, tt.family, tt.want); got != tt.sum {
				t.Errorf("got %v, want %v", got, tt.sum)
			}
		})
	}
}

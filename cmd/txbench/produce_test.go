package main

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
)

// TestProduceMatrix runs each client briefly against the test's brokers:
// every run acknowledges records and records their ack latency, and the
// medians come out one per client and depth.
func TestProduceMatrix(t *testing.T) {
	m := produceMatrix{
		clients: []string{clientSarama, clientKgo, clientASAP}, depths: []int{1, 16}, rounds: 1,
		dur: 300 * time.Millisecond, partitions: 3, brokers: testenv.Kafka(t), log: io.Discard,
	}
	rep, err := m.run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Runs) != 6 || len(rep.Medians) != 6 {
		t.Fatalf("%d runs, %d medians, want 6 and 6", len(rep.Runs), len(rep.Medians))
	}
	for _, r := range rep.Runs {
		if r.Acked == 0 || r.Failed != 0 || r.AckP50 <= 0 || r.AckP99 < r.AckP50 || r.HarnessUS <= 0 {
			t.Errorf("%s at %d: %+v", r.Client, r.Depth, r)
		}
	}
}

func TestMedians(t *testing.T) {
	runs := []produceResult{
		{Client: "kgo", Depth: 8, Rate: 3}, {Client: "sarama", Depth: 1, Rate: 10},
		{Client: "kgo", Depth: 8, Rate: 1}, {Client: "kgo", Depth: 8, Rate: 2},
		{Client: "sarama", Depth: 1, Rate: 20},
	}
	got := medians(runs)
	want := []produceMedian{{Client: "sarama", Depth: 1, Runs: 2, Rate: 15}, {Client: "kgo", Depth: 8, Runs: 3, Rate: 2}}
	if len(got) != len(want) {
		t.Fatalf("%+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("median %d: %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestProduceFlags(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
		run  func() error
	}{
		{"depths", true, func() error { _, err := positiveInts("--depth", "1, 8,64"); return err }},
		{"zero depth", false, func() error { _, err := positiveInts("--depth", "1,0"); return err }},
		{"clients", true, func() error { _, err := clientNames("sarama,kgo,sarama-asap"); return err }},
		{"unknown client", false, func() error { _, err := clientNames("sarama,confluent"); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.run(); (err == nil) != tt.ok {
				t.Errorf("error %v, want ok=%v", err, tt.ok)
			}
		})
	}
}

package pipeline_test

import (
	"context"
	"maps"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestRecordsPerTransaction counts the Kafka records that one transaction
// makes, topic by topic, so that a change which adds records to the message
// path fails here (DESIGN.md, "Records per transaction"). Until session 6 a
// plain transaction made 6 (two status events and two status-log updates
// more) and a converted one 12; the status log now reads the transactions
// table's changelog instead of a status topic.
func TestRecordsPerTransaction(t *testing.T) {
	h := newHarness(t)
	run := h.start(t)
	defer run.stop(t)
	c := h.cfg
	txTable, logTable, convTable := string(streams.Table(c.Groups.Transactions)),
		string(streams.Table(c.Groups.StatusLog)), string(streams.Table(c.Groups.Conversions))
	for _, tc := range []struct {
		name  string
		index int // in mix: 0 is USD only, 1 USD to EUR
		want  map[string]int64
	}{
		{name: "plain", index: 0, want: map[string]int64{
			c.Topics.Transactions: 1, txTable: 1, logTable: 1,
		}},
		{name: "converted", index: 1, want: map[string]int64{
			c.Topics.Transactions: 1, txTable: 2, logTable: 2,
			c.Topics.Conversions: 1, convTable: 1, c.Topics.ConversionResults: 1,
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := h.records(t)
			h.drive(t, tc.index, tc.index+1)
			e := h.expected[tc.index]
			// The status-log table is the last hop: once the log is
			// complete, every record of the transaction is written.
			testenv.Eventually(t, time.Minute, func() bool { return h.logComplete(e) }, "status log of %s complete", e.id)
			got := h.records(t)
			for topic, n := range before {
				if got[topic] -= n; got[topic] == 0 {
					delete(got, topic)
				}
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("records per topic %v, want %v", got, tc.want)
			}
		})
	}
}

// records counts the records on every topic a transaction can touch (all
// but the rates topic and table).
func (h *harness) records(t *testing.T) map[string]int64 {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(h.cfg.Brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	c := h.cfg
	counts := map[string]int64{}
	for _, topic := range []string{
		c.Topics.Transactions, c.Topics.Conversions, c.Topics.ConversionResults, c.Topics.DeadLetter,
		string(streams.Table(c.Groups.Transactions)), string(streams.Table(c.Groups.Conversions)),
		string(streams.Table(c.Groups.StatusLog)),
	} {
		for _, end := range testenv.EndOffsets(context.Background(), t, cl, topic) {
			counts[topic] += end
		}
	}
	return counts
}

package main

import (
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// TestDLQReplayReachesTheProcessor: a transaction request that was
// dead-lettered (here, for a wrong partition) and is replayed goes to its
// key's partition, where the transactions processor takes it as any
// other request: it completes, converted.
func TestDLQReplayReachesTheProcessor(t *testing.T) {
	skipShort(t)
	s := startStack(t)
	ev, err := domain.NewTransactionRequested(domain.TransactionInput{
		ID: "replayed-1", Amount: "100.00", Currency: "EUR", TargetCurrency: "USD",
	}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	value, err := streams.JSON[domain.TransactionRequested]{}.Encode(ev)
	if err != nil {
		t.Fatal(err)
	}
	e := dlqEnvOn(t, s.brokers, s.topics.Transactions, 1)
	e.write(t, 0, deadLetter{topic: e.source, partition: 0, offset: 0, reason: streams.ReasonWrongPartition,
		key: []byte(ev.ID), value: value})
	if code, out, errOut := e.run(t, "dlq", "replay", "--offset", "0"); code != exitOK {
		t.Fatalf("replay: exit %d\n%s%s", code, out, errOut)
	}
	tx := s.terminal(t, ev.ID)
	if tx.Status != domain.StatusCompleted || tx.Conversion == nil || tx.Conversion.To != "USD" || tx.Conversion.ConvertedValue == "" {
		t.Errorf("replayed transaction: %+v", tx)
	}
}

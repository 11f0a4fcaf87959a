package main

import (
	"strings"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
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
	d := testenv.NewDeadLetterTopic(t, s.brokers, 1)
	d.Write(t, 0, testenv.DeadLetter{Topic: s.topics.Transactions, Partition: 0, Offset: 0, Reason: streams.ReasonWrongPartition,
		Key: []byte(ev.ID), Value: value})
	code, out, errOut := runTxstream("dlq", "replay", "--offset", "0", "--brokers", strings.Join(s.brokers, ","), "--topic-dead-letter", d.Topic)
	if code != exitOK {
		t.Fatalf("replay: exit %d\n%s%s", code, out, errOut)
	}
	tx := s.terminal(t, ev.ID)
	if tx.Status != domain.StatusCompleted || tx.Conversion == nil || tx.Conversion.To != "USD" || tx.Conversion.ConvertedValue == "" {
		t.Errorf("replayed transaction: %+v", tx)
	}
}

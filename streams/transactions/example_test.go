package transactions_test

import (
	"context"
	"fmt"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/tester"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/transactions"
)

// panicT stands in for *testing.T outside a test.
type panicT struct{}

func (panicT) Errorf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (panicT) Fatalf(format string, args ...any) { panic(fmt.Sprintf(format, args...)) }
func (panicT) Fatal(args ...any)                 { panic(fmt.Sprint(args...)) }

// A transaction in USD that asks for EUR is received and waits for its
// conversion. goka's tester replaces Kafka here; in production the last
// argument is left out and cfg.Brokers are used.
func Example() {
	cfg := streams.DefaultConfig()
	cfg.Partitions = 1 // the tester's topics have one partition each
	tt := tester.New(panicT{})
	clock := func() time.Time { return time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) }
	proc, err := transactions.New(cfg, transactions.Options{Clock: clock}, goka.WithTester(tt))
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- proc.Run(ctx) }()
	table := tt.NewQueueTracker(string(streams.Table(cfg.Groups.Transactions)))
	conversions := tt.NewQueueTracker(cfg.Topics.Conversions)

	ev, _ := domain.NewTransactionRequested(domain.TransactionInput{
		ID: "t1", Amount: "10.5", Currency: "USD", TargetCurrency: "EUR",
	}, clock())
	tt.Consume(cfg.Topics.Transactions, ev.ID, &ev)

	for _, v, ok := table.Next(); ok; _, v, ok = table.Next() {
		tx := v.(*domain.Transaction)
		for _, c := range tx.History {
			fmt.Println("status", tx.ID, c.Version, c.Status)
		}
	}
	for _, v, ok := conversions.Next(); ok; _, v, ok = conversions.Next() {
		r := v.(*domain.ConversionRequest)
		fmt.Println("convert", r.ID, r.Amount, r.From, "->", r.To)
	}
	cancel()
	fmt.Println("stopped:", <-done)
	// Output:
	// status t1 1 received
	// status t1 2 converting
	// convert t1 10.50 USD -> EUR
	// stopped: <nil>
}

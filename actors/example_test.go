package actors_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/asynkron/protoactor-go/actor"
	"github.com/txstream/txstream/actors"
	"github.com/txstream/txstream/domain"
)

// acker stands in for the Kafka producer: it acknowledges everything.
type acker struct{}

func (acker) ProduceTransaction(context.Context, domain.TransactionRequested) error { return nil }
func (acker) ProduceConversion(context.Context, domain.ConversionRequest) error     { return nil }

// emptyTables stands in for the goka views: no id is known yet.
type emptyTables struct{}

func (emptyTables) Transaction(string) (*domain.Transaction, error) { return nil, nil }
func (emptyTables) Conversion(string) (*domain.Conversion, error)   { return nil, nil }

func Example() {
	system := actor.NewActorSystem(actor.WithLoggerFactory(func(*actor.ActorSystem) *slog.Logger {
		return slog.New(slog.NewTextHandler(io.Discard, nil))
	}))
	g, err := actors.New(system, actors.Config{MaxInFlight: 1000}, acker{}, emptyTables{}, nil)
	if err != nil {
		panic(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- g.Run(ctx) }()

	submit := func(amount string) {
		ev, _ := domain.NewTransactionRequested(domain.TransactionInput{ID: "tx-1", Amount: amount, Currency: "USD"}, time.Now())
		sub, err := g.SubmitTransaction(context.Background(), ev)
		switch {
		case errors.Is(err, actors.ErrConflict):
			fmt.Println("409 conflict")
		case err != nil:
			fmt.Println("error:", err)
		case sub.Replayed:
			fmt.Println("201 replayed")
		default:
			fmt.Println("201 created")
		}
	}
	submit("10.00")
	submit("10.00")
	submit("99.00")

	stop()
	fmt.Println("run:", <-done)
	// Output:
	// 201 created
	// 201 replayed
	// 409 conflict
	// run: <nil>
}

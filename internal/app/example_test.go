package app_test

import (
	"context"
	"fmt"
	"os"
	"os/signal"

	"github.com/txstream/txstream/internal/app"
	"github.com/txstream/txstream/streams"
)

// A process of the transaction and manager roles against a real broker and
// Redis, on ports it picks, stopped by Ctrl-C. cmd/txstream fills Config
// from its settings table; every field is set there.
func ExampleNew() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	sc := streams.DefaultConfig()
	cfg := app.Config{
		Roles:   app.Roles{app.RoleTransaction, app.RoleManager},
		Brokers: []string{"localhost:9092"}, Redis: "localhost:6379",
		TransactionAddr: "127.0.0.1:0", ManagerAddr: "127.0.0.1:0",
		Topics: sc.Topics, Groups: sc.Groups, Partitions: 10, RatesPartitions: 1, Replication: 1,
		// ... the timeouts and limits of the settings table
	}
	a, err := app.New(ctx, app.ModeServe, cfg, app.Options{Out: os.Stdout})
	if err != nil {
		fmt.Println(err) // a *app.ListenError when an address is taken
		return
	}
	fmt.Println("transaction service on", a.Addresses().Transaction)
	if err := a.Run(ctx); err != nil {
		fmt.Println(err)
	}
}

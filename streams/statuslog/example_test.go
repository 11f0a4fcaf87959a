package statuslog_test

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/statuslog"
)

// The manager service runs one Index over all partitions and pages through
// it with the cursor each page hands back. (Not run: it needs Kafka.)
func ExampleIndex_List() {
	cfg := streams.DefaultConfig()
	cfg.Partitions = 1                                     // the tester's topics have one partition each
	x, err := statuslog.NewIndex(cfg, "/var/lib/txstream") // "" keeps it in memory
	if err != nil {
		fmt.Println(err)
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go x.Run(ctx)
	// ... serve once x.Recovered() (the manager's /readyz), then per request:
	q := statuslog.Query{Status: domain.StatusFailed, From: time.Now().Add(-time.Hour), Limit: 50}
	for {
		page, err := x.List(q)
		if errors.Is(err, statuslog.ErrBadCursor) || errors.Is(err, statuslog.ErrBadQuery) {
			fmt.Println("400:", err)
			return
		}
		for _, e := range page.Entries {
			fmt.Println(e.At, e.TransactionID, e.Status, e.Reason)
		}
		if page.Next == "" {
			return
		}
		q.Cursor = page.Next
	}
}

package integration

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/poll"
)

// landedUnknown returns the POSTs answered 504 outcome_unknown that the
// table holds after all: the produce reached the broker but its
// acknowledgement did not reach the actor in time. They are processed
// like the 201s, so their transitions count. A write that never landed
// stays 404 for the whole wait; the ids are asked at once, so the wait is
// paid once, not per id.
func landedUnknown(front *member, results []sent, wait time.Duration) []sent {
	var (
		mu     sync.Mutex
		landed []sent
		wg     sync.WaitGroup
	)
	for _, r := range results {
		if r.code != http.StatusGatewayTimeout || r.problem != "outcome_unknown" {
			continue
		}
		wg.Go(func() {
			if known(front, r.id, wait) {
				mu.Lock()
				landed = append(landed, r)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	return landed
}

// known reports whether the front's table answers 200 for id within wait.
func known(front *member, id string, wait time.Duration) bool {
	url := front.url(launch.Transaction, "/transactions/"+id)
	return poll.Within(wait, 100*time.Millisecond, poll.Holds(func() bool {
		a, err := call(context.Background(), http.MethodGet, url, nil, nil)
		return err == nil && a.code == http.StatusOK
	})) == nil
}

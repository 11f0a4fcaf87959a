package launch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/txstream/txstream/internal/poll"
)

// probeTimeout bounds one GET: a probe that hangs is a failed probe.
const probeTimeout = 2 * time.Second

// WaitReady polls the metrics listener's /readyz until it answers 200. It
// fails at once, with the end of the output, when the process exits, and
// with ErrNotReady when ctx ends first.
func (p *Process) WaitReady(ctx context.Context) error {
	url := p.URL(Metrics, "/readyz")
	if url == "" {
		return fmt.Errorf("readiness of %s: %w: %s", p, ErrNoListener, Metrics)
	}
	err := poll.Until(ctx, pollEvery, func() (bool, error) {
		if err := p.exitedErr(); err != nil {
			return false, err
		}
		return Status(ctx, url) == http.StatusOK, nil
	})
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		return fmt.Errorf("%w: %s at %s: %w\n%s", ErrNotReady, p, url, err, p.Tail(40))
	}
	return err
}

// Status is the status code of a GET of url, 0 when none came.
func Status(ctx context.Context, url string) int {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/cenkalti/backoff/v5"

	"github.com/txstream/txstream/streams"
)

// DefaultProvisionTimeout is Config.ProvisionTimeout's default: a broker
// killed without a controlled shutdown stays in the metadata until the
// controllers fence it (broker.session.timeout.ms, 9 s by default), its
// partitions get new leaders then, and the clients see them at their next
// metadata refresh; 60 s outlasts that several times over.
const DefaultProvisionTimeout = 60 * time.Second

// The retries' delays: 250 ms doubling to 2 s, with some jitter so that
// the processes of a fleet that started together do not ask in step.
const (
	provisionFirstDelay = 250 * time.Millisecond
	provisionMaxDelay   = 2 * time.Second
	provisionJitter     = 0.2
)

// retryProvisioning runs attempt until it succeeds, fails for a cause that
// cannot pass (streams.PermanentAdminError), bound has passed, or ctx
// ends, and logs one warning per retry with the error and the next delay.
// Past bound it returns the last error; when ctx ends, ctx's error with
// the last failure. An attempt in flight is not interrupted (goka's topic
// manager takes no context): sarama's dial and read timeouts bound it, and
// a killed broker's refused connection ends it at once.
func retryProvisioning(ctx context.Context, bound time.Duration, log *slog.Logger, attempt func() (streams.Config, error)) (streams.Config, error) {
	var last error
	op := func() (streams.Config, error) {
		if err := ctx.Err(); err != nil { // stopped before an attempt
			return streams.Config{}, backoff.Permanent(err)
		}
		sc, err := attempt()
		if err != nil && streams.PermanentAdminError(err) {
			return sc, backoff.Permanent(err)
		}
		last = err
		return sc, err
	}
	notify := func(err error, next time.Duration) {
		log.Warn("provisioning failed, retrying", "error", err, "retry_in", next)
	}
	sc, err := backoff.Retry(ctx, op, backoff.WithBackOff(provisionBackoff()),
		backoff.WithMaxElapsedTime(bound), backoff.WithNotify(notify))
	switch {
	case err == nil || streams.PermanentAdminError(err):
		return sc, err
	case ctx.Err() != nil && last != nil:
		return sc, fmt.Errorf("%w; last failure: %w", err, last)
	case ctx.Err() != nil:
		return sc, err
	}
	return sc, fmt.Errorf("%w (still failing after %s of retries)", err, bound)
}

func provisionBackoff() *backoff.ExponentialBackOff {
	b := backoff.NewExponentialBackOff()
	b.InitialInterval = provisionFirstDelay
	b.MaxInterval = provisionMaxDelay
	b.Multiplier = 2
	b.RandomizationFactor = provisionJitter
	return b
}

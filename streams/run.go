package streams

import (
	"context"
	"fmt"

	"github.com/lovoo/goka"
)

// RunProcessor runs a goka processor until ctx is done or it fails. An error
// that goka reports while stopping after ctx was cancelled (sarama closing
// the consumer group races with the broker ending the generation: "the
// provided generation id is not the current generation") is not a failure
// of processing: whatever was not committed is delivered again to the next
// member, and every handler is idempotent. Such errors are dropped.
func RunProcessor(ctx context.Context, name string, p *goka.Processor) error {
	err := p.Run(ctx)
	if err == nil || ctx.Err() != nil {
		return nil
	}
	return fmt.Errorf("%s: %w", name, err)
}

package dlqcmd

import (
	"context"
	"errors"
	"fmt"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams/dlq"
)

// read connects to the brokers and reads the dead-letter topic up to its
// current end. The caller closes the client.
func (k Kafka) read(ctx context.Context) (*kgo.Client, *dlq.Log, error) {
	cl, err := kgo.NewClient(dlq.ClientOptions(k.streams(), k.Topic)...)
	if err != nil {
		return nil, nil, fmt.Errorf("kafka client for %v: %w", k.Brokers, err)
	}
	log, err := dlq.Read(ctx, cl, k.Topic)
	if errors.Is(err, dlq.ErrNoTopic) {
		err = fmt.Errorf("%w; --topic-dead-letter names the topic the processors write", err)
	}
	if err != nil {
		cl.Close()
		return nil, nil, fmt.Errorf("dead-letter topic on %v: %w", k.Brokers, err)
	}
	return cl, log, nil
}

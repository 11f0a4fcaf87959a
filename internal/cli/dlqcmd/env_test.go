package dlqcmd

import (
	"context"
	"strings"
	"testing"

	"github.com/txstream/txstream/internal/cli"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

const testSourcePartitions = 4

// env is an embedded broker with a dead-letter topic and a source topic
// of four partitions.
type env struct {
	*testenv.DeadLetterTopic
	source string
}

func newEnv(t *testing.T, deadLetterPartitions int32) *env {
	t.Helper()
	e := &env{testenv.NewDeadLetterTopic(t, testenv.EmbeddedKafka(t).Brokers, deadLetterPartitions), testenv.Name(t, "transaction-topic")}
	testenv.CreateTopic(t, e.Client(), e.source, testSourcePartitions)
	return e
}

func (e *env) kafka() Kafka {
	return Kafka{Brokers: e.Brokers, Topic: e.Topic, ClientID: "test", ProduceTimeout: streams.DefaultConfig().ProduceTimeout}
}

// list runs dlq list and returns its standard output and error.
func (e *env) list(c ListConfig) (stdout, stderr string, err error) {
	return e.capture(func(out cli.Output) error {
		c.Kafka, c.Out = e.kafka(), out
		return List(context.Background(), c)
	})
}

// replay runs dlq replay and returns its standard output and error.
func (e *env) replay(c ReplayConfig) (stdout, stderr string, err error) {
	return e.capture(func(out cli.Output) error {
		c.Kafka, c.Out = e.kafka(), out
		return Replay(context.Background(), c)
	})
}

func (e *env) capture(command func(cli.Output) error) (stdout, stderr string, err error) {
	var out, errOut strings.Builder
	err = command(cli.Output{Stdout: &out, Stderr: &errOut})
	return out.String(), errOut.String(), err
}

// count is how many records topic holds.
func (e *env) count(t *testing.T, topic string) int {
	t.Helper()
	n := 0
	for _, end := range testenv.EndOffsets(context.Background(), t, e.Client(), topic) {
		n += int(end)
	}
	return n
}

package dlqcmd

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/txstream/txstream/internal/cli"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/dlq"
)

// Kafka is where the dead letters are and how to reach them.
type Kafka struct {
	Brokers        []string
	Topic          string // the dead-letter topic
	ClientID       string
	ProduceTimeout time.Duration // how long a replay's write waits for its acknowledgement
	Security       streams.Security
}

// ListConfig is what dlq list needs.
type ListConfig struct {
	Kafka
	Filter dlq.Filter
	JSON   bool // JSON lines on Stdout, the summary on Stderr
	Out    cli.Output
}

// ReplayConfig is what dlq replay needs: the dead letters named by IDs,
// or All that Filter chooses.
type ReplayConfig struct {
	Kafka
	IDs    []dlq.ID
	All    bool
	Filter dlq.Filter
	Force  bool // replay dead letters that were replayed already
	DryRun bool // say what would be replayed, write nothing
	Out    cli.Output
}

// Validate checks the filter.
func (c ListConfig) Validate() error { return checkFilter(c.Filter) }

// Validate checks that the dead letters are chosen one way.
func (c ReplayConfig) Validate() error {
	narrowed := c.Filter != (dlq.Filter{})
	switch {
	case len(c.IDs) == 0 && !c.All:
		return errors.New("choose the dead letters: --offset LIST (as dlq list prints them) or --all")
	case len(c.IDs) > 0 && c.All:
		return errors.New("--offset and --all exclude each other")
	case len(c.IDs) > 0 && narrowed:
		return errors.New("--reason and --source-topic narrow --all; --offset names the dead letters itself")
	}
	return checkFilter(c.Filter)
}

func checkFilter(f dlq.Filter) error {
	if r := f.Reason; r != "" && !streams.IsDeadLetterReason(r) {
		return fmt.Errorf("--reason %q is not a reason; reasons are %s", r, strings.Join(streams.DeadLetterReasons(), ", "))
	}
	return nil
}

// streams is the client's configuration; the other fields keep the
// streams defaults, which the dlq commands never use.
func (k Kafka) streams() streams.Config {
	sc := streams.DefaultConfig()
	sc.Brokers = k.Brokers
	sc.Topics.DeadLetter = k.Topic
	sc.ClientID = k.ClientID
	sc.Security = k.Security
	if k.ProduceTimeout > 0 {
		sc.ProduceTimeout = k.ProduceTimeout
	}
	return sc
}

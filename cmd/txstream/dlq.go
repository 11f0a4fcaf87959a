package main

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/dlq"
)

const dlqUsage = "the dlq command has two subcommands: txstream dlq list, txstream dlq replay"

// dlqCommand runs a subcommand of dlq and returns its name for errors.
func dlqCommand(ctx context.Context, args []string, io stdio) (string, error) {
	if len(args) == 0 {
		return "txstream dlq", usagef("%s", dlqUsage)
	}
	switch args[0] {
	case "list":
		return "txstream dlq list", dlqListCommand(ctx, args[1:], io)
	case "replay":
		return "txstream dlq replay", dlqReplayCommand(ctx, args[1:], io)
	}
	return "txstream dlq", usagef("%s; got %q", dlqUsage, args[0])
}

// loadDLQConfig loads a dlq subcommand's configuration, which takes no
// positional arguments, and checks its filter.
func loadDLQConfig(cmd command, args []string, io stdio) (*config, error) {
	cfg, positional, err := loadConfig(cmd, args, io)
	if err != nil {
		return nil, err
	}
	if len(positional) != 0 {
		return nil, usagef("unexpected argument %q: dead letters are chosen with flags", positional[0])
	}
	if r := cfg.Run.Reason; r != "" && !streams.IsDeadLetterReason(r) {
		return nil, usagef("--reason %q is not a reason; reasons are %s", r, strings.Join(streams.DeadLetterReasons(), ", "))
	}
	return cfg, nil
}

// filter is the choice that --reason and --source-topic make.
func (o runOptions) filter() dlq.Filter {
	return dlq.Filter{Reason: o.Reason, SourceTopic: o.SourceTopic}
}

// readDeadLetters connects to the brokers and reads the dead-letter topic
// up to its current end. The caller closes the client.
func readDeadLetters(ctx context.Context, cfg *config) (*kgo.Client, *dlq.Log, error) {
	topic := cfg.Topics.DeadLetter
	cl, err := kgo.NewClient(dlq.ClientOptions(cfg.streams(), topic)...)
	if err != nil {
		return nil, nil, fmt.Errorf("kafka client for %v: %w", cfg.Brokers, err)
	}
	log, err := dlq.Read(ctx, cl, topic)
	if errors.Is(err, dlq.ErrNoTopic) {
		err = fmt.Errorf("%w; --topic-dead-letter names the topic the processors write", err)
	}
	if err != nil {
		cl.Close()
		return nil, nil, fmt.Errorf("dead-letter topic on %v: %w", cfg.Brokers, err)
	}
	return cl, log, nil
}

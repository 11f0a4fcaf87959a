package main

import (
	"context"

	"github.com/txstream/txstream/internal/cli/dlqcmd"
	"github.com/txstream/txstream/streams"
	"github.com/txstream/txstream/streams/dlq"
)

const dlqUsage = "the dlq command has two subcommands: txstream dlq list, txstream dlq replay"

// dlqCommand runs a subcommand of dlq and returns its name for errors.
func dlqCommand(ctx context.Context, args []string, io stdio) (string, error) {
	if len(args) == 0 {
		return "txstream dlq", usagef("%s", dlqUsage)
	}
	if isHelpFlag(args[0]) {
		return "txstream dlq", helpCommand([]string{"dlq"}, io)
	}
	switch args[0] {
	case "list":
		return "txstream dlq list", runDLQ(ctx, cmdDLQList, args[1:], io, dlqListConfig, dlqcmd.List)
	case "replay":
		return "txstream dlq replay", runDLQ(ctx, cmdDLQReplay, args[1:], io, dlqReplayConfig, dlqcmd.Replay)
	}
	return "txstream dlq", usagef("%s; got %q", dlqUsage, args[0])
}

// runDLQ parses the settings of a dlq subcommand, builds its package's
// configuration and runs it; a configuration that chooses nothing or
// contradicts itself is a usage mistake.
func runDLQ[C interface{ Validate() error }](ctx context.Context, cmd command, args []string, io stdio,
	build func(*config, streams.Security, stdio) C, run func(context.Context, C) error) error {
	cfg, err := loadConfigNoArgs(cmd, args, io, "dead letters are chosen with flags")
	if err != nil {
		return err
	}
	sec, err := kafkaSecurity(cfg, io)
	if err != nil {
		return err
	}
	c := build(cfg, sec, io)
	if err := c.Validate(); err != nil {
		return usagef("%v", err)
	}
	return run(ctx, c)
}

// dlqListConfig and dlqReplayConfig are what the dlq commands read of the
// settings and options: each that applies to the command lands here.
func dlqListConfig(c *config, sec streams.Security, io stdio) dlqcmd.ListConfig {
	return dlqcmd.ListConfig{Kafka: dlqKafka(c, sec), Filter: dlqFilter(c.Run), JSON: c.Run.JSON, Out: io.output()}
}

func dlqReplayConfig(c *config, sec streams.Security, io stdio) dlqcmd.ReplayConfig {
	return dlqcmd.ReplayConfig{
		Kafka: dlqKafka(c, sec), IDs: c.Run.IDs, All: c.Run.All, Filter: dlqFilter(c.Run),
		Force: c.Run.Force, DryRun: c.Run.DryRun, Out: io.output(),
	}
}

func dlqKafka(c *config, sec streams.Security) dlqcmd.Kafka {
	return dlqcmd.Kafka{Brokers: c.Brokers, Topic: c.Topics.DeadLetter, ClientID: c.ClientID, ProduceTimeout: c.ProduceTimeout, Security: sec}
}

func dlqFilter(o runOptions) dlq.Filter {
	return dlq.Filter{Reason: o.Reason, SourceTopic: o.SourceTopic}
}

package main

import (
	"context"

	"github.com/txstream/txstream/internal/cli/ratescmd"
	"github.com/txstream/txstream/streams"
)

// ratesImportCommand reads rates import's settings and its one FILE, and
// hands them to ratescmd.
func ratesImportCommand(ctx context.Context, args []string, io stdio) error {
	cfg, positional, err := loadConfig(cmdRatesImport, args, io)
	if err != nil {
		return err
	}
	if len(positional) != 1 {
		return usagef("rates import takes one FILE (or - for standard input), got %d arguments", len(positional))
	}
	sec, err := kafkaSecurity(cfg, io)
	if err != nil {
		return err
	}
	return ratescmd.Import(ctx, ratesImportConfig(cfg, sec, positional[0], io))
}

// ratesImportConfig is what rates import reads of the settings: each
// setting that applies to it (settingsFor(cmdRatesImport)) lands here.
func ratesImportConfig(c *config, sec streams.Security, file string, io stdio) ratescmd.Config {
	return ratescmd.Config{
		Security:       sec,
		Brokers:        c.Brokers,
		Topic:          c.Topics.Rates,
		Partitions:     c.RatesPartitions,
		Replication:    c.Replication,
		MinInsync:      c.MinInsyncReplicas,
		ClientID:       c.ClientID,
		ProduceTimeout: c.ProduceTimeout,
		File:           file,
		Stdin:          io.stdin,
		Out:            io.output(),
		Log:            io.output().Logger(c.LogFormat, c.LogLevel),
	}
}

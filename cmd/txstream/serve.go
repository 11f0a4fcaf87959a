package main

import (
	"context"
)

// serveCommand runs the roles named by --role against real backends.
func serveCommand(ctx context.Context, args []string, io stdio) error {
	cfg, positional, err := loadConfig(cmdServe, args, io)
	if err != nil {
		return err
	}
	if len(positional) > 0 {
		return usagef("serve takes no arguments, got %q; roles go in --role", positional[0])
	}
	p, err := newProcess(cmdServe, cfg, newLogger(io.stderr, cfg.LogFormat, cfg.LogLevel), io.stdout)
	if err != nil {
		return err
	}
	p.streamsConfig()
	p.log.Info("starting", "roles", cfg.Roles.String(), "brokers", cfg.Brokers, "redis", cfg.Redis, "data_dir", cfg.DataDir)
	if err := p.ensureTopics(); err != nil {
		return err
	}
	if err := p.addRoles(); err != nil {
		return err
	}
	return p.run(ctx)
}

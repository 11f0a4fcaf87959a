package main

import (
	"context"
	"errors"
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
	if err := p.setupServe(); err != nil {
		return errors.Join(err, p.closeBackends())
	}
	return p.run(ctx)
}

// setupServe checks the topics and builds the roles; on error the caller
// closes the clients it opened.
func (p *process) setupServe() error {
	if err := prepareDataDir(p.cfg.DataDir); err != nil {
		return err
	}
	p.streamsConfig()
	p.log.Info("starting", "roles", p.cfg.Roles.String(), "brokers", p.cfg.Brokers, "redis", p.cfg.Redis, "data_dir", p.cfg.DataDir)
	if err := p.ensureTopics(); err != nil {
		return err
	}
	if err := p.monitoring(); err != nil {
		return err
	}
	return p.addRoles()
}

package main

import (
	"context"
	"errors"
	"slices"
)

// devCommand runs every role in one process: the embedded backends unless
// real ones are named, the topics, the sample rates, then all roles.
func devCommand(ctx context.Context, args []string, io stdio) error {
	cfg, positional, err := loadConfig(cmdDev, args, io)
	if err != nil {
		return err
	}
	if len(positional) > 0 {
		return usagef("dev takes no arguments, got %q", positional[0])
	}
	cfg.Roles = slices.Clone(allRoles)
	p, err := newProcess(cmdDev, cfg, newLogger(io.stderr, cfg.LogFormat, cfg.LogLevel), io.stdout)
	if err != nil {
		return err
	}
	if err := p.setupDev(ctx); err != nil {
		return errors.Join(err, p.closeBackends())
	}
	return p.run(ctx)
}

// setupDev prepares everything before the components run; on error the
// caller closes the backends it started.
func (p *process) setupDev(ctx context.Context) error {
	if err := prepareDataDir(p.cfg.DataDir); err != nil {
		return err
	}
	notes, err := p.startEmbedded()
	if err != nil {
		return err
	}
	p.streamsConfig()
	if err := p.ensureTopics(); err != nil {
		return err
	}
	if err := p.monitoring(); err != nil {
		return err
	}
	if err := p.publishSample(ctx); err != nil {
		return err
	}
	if err := p.addRoles(); err != nil {
		return err
	}
	p.checks = append(p.checks, p.sampleLoaded())
	p.banner = func() { p.printBanner(notes) }
	return nil
}

package main

import (
	"context"
	"errors"

	"github.com/txstream/txstream/internal/app"
)

// processCommand runs dev or serve: the process that app builds from the
// configuration, until ctx ends.
func processCommand(ctx context.Context, cmd command, args []string, io stdio) error {
	cfg, positional, err := loadConfig(cmd, args, io)
	if err != nil {
		return err
	}
	if len(positional) > 0 && cmd == cmdDev {
		return usagef("dev takes no arguments, got %q", positional[0])
	}
	if len(positional) > 0 {
		return usagef("serve takes no arguments, got %q; roles go in --role", positional[0])
	}
	mode := app.ModeServe
	if cmd == cmdDev {
		mode = app.ModeDev
	}
	a, err := app.New(ctx, mode, cfg.Config, app.Options{
		Log:           io.output().Logger(cfg.LogFormat, cfg.LogLevel),
		Out:           io.stdout,
		AddressesFile: cfg.AddressesFile,
	})
	if err != nil {
		return movable(err)
	}
	return a.Run(ctx)
}

// movable says which setting moves an address that cannot be bound: a
// configuration mistake, answered as one.
func movable(err error) error {
	var le *app.ListenError
	if !errors.As(err, &le) {
		return err
	}
	name := string(le.Listener) + "-addr"
	return usagef("%v (move it with --%s or %s)", le, name, setting{name: name}.env())
}

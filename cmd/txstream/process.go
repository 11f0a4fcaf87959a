package main

import (
	"context"
	"errors"

	"github.com/txstream/txstream/internal/app"
)

// processCommand runs dev or serve: the process that app builds from the
// configuration, until ctx ends.
func processCommand(ctx context.Context, cmd command, mode app.Mode, args []string, io stdio) error {
	cfg, err := loadConfigNoArgs(cmd, args, io, "dev and serve take flags only; roles go in --role")
	if err != nil {
		return err
	}
	a, err := app.New(ctx, mode, cfg.Config, app.Options{
		Log:           io.output().Logger(cfg.LogFormat, cfg.LogLevel),
		Out:           io.stdout,
		AddressesFile: cfg.AddressesFile,
	})
	if err != nil {
		return securityFileError(movable(err))
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
	name := listenSetting(le.Listener)
	return usagef("%v (move it with --%s or %s)", le, name, setting{name: name}.env())
}

// listenSetting names the setting of a listener's address.
func listenSetting(l app.Listener) string { return string(l) + "-addr" }

package main

import (
	"context"
	"errors"
	"strings"

	"github.com/txstream/txstream/internal/cli/apikeycmd"
)

const apiKeyUsage = "the apikey command has one subcommand: txstream apikey new --scopes LIST --file FILE [--name NAME]"

// apiKeyCommand runs apikey new: its options only, since it reads no
// setting of a deployment (not even TXSTREAM_API_KEYS: the file a key is
// added to is always named).
func apiKeyCommand(ctx context.Context, args []string, io stdio) (string, error) {
	if len(args) > 0 && isHelpFlag(args[0]) {
		return "txstream apikey", helpCommand([]string{"apikey"}, io)
	}
	if len(args) == 0 || args[0] != "new" {
		return "txstream apikey", usagef("%s", apiKeyUsage)
	}
	c, positional, err := parseConfig(cmdAPIKeyNew, args[1:], io.lookupEnv)
	if errors.Is(err, errHelp) {
		writeCommandHelp(io.stdout, cmdAPIKeyNew)
		return "txstream apikey new", errHelp
	}
	if err != nil {
		return "txstream apikey new", err
	}
	if len(positional) != 0 {
		return "txstream apikey new", usagef("unexpected argument %q: the key file is --file", positional[0])
	}
	cfg := apiKeyNewConfig(c, io)
	if err := cfg.Validate(); err != nil {
		return "txstream apikey new", usagef("%s", strings.TrimPrefix(err.Error(), "apikey new: "))
	}
	return "txstream apikey new", apikeycmd.New(ctx, cfg)
}

// apiKeyNewConfig is what apikey new reads of its options.
func apiKeyNewConfig(c *config, io stdio) apikeycmd.Config {
	return apikeycmd.Config{File: c.Run.KeyFile, Name: c.Run.KeyName, Scopes: c.Run.Scopes, Out: io.output()}
}

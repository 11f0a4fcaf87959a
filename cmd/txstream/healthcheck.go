package main

import (
	"context"
	"errors"
	"strings"

	"github.com/txstream/txstream/internal/cli/healthcmd"
)

// healthcheckCommand probes a running process on its process address, with
// the same --metrics-addr and --tls-cert (flags or environment) as the
// process: in a container the image's HEALTHCHECK runs it with no
// arguments and the container's environment.
func healthcheckCommand(ctx context.Context, args []string, io stdio) error {
	c, positional, err := parseConfig(cmdHealthcheck, args, io.lookupEnv)
	if errors.Is(err, errHelp) {
		writeCommandHelp(io.stdout, cmdHealthcheck)
		return errHelp
	}
	if err != nil {
		return err
	}
	if len(positional) != 0 {
		return usagef("unexpected argument %q: healthcheck takes flags only", positional[0])
	}
	cfg := healthcmd.Config{
		Addr:     c.MetricsAddr,
		Ready:    c.Run.Ready,
		Timeout:  c.Run.Timeout,
		TLSCert:  c.Security.TLS.Cert,
		ClientCA: c.Security.TLS.ClientCA,
		Out:      io.output(),
	}
	if err := cfg.Validate(); err != nil {
		return usagef("%s", strings.TrimPrefix(err.Error(), "healthcheck: "))
	}
	return healthcmd.Run(ctx, cfg)
}

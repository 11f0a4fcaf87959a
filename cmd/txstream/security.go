package main

import (
	"errors"

	"github.com/txstream/txstream/internal/app"
	"github.com/txstream/txstream/streams"
)

// kafkaSecurity reads the Kafka login's files for a one-shot command; a
// file that cannot be used is a configuration mistake (exit 2).
func kafkaSecurity(c *config, io stdio) (streams.Security, error) {
	log := io.output().Logger(c.LogFormat, c.LogLevel)
	sec, err := c.Security.Kafka.Streams(func(msg string) { log.Warn(msg) })
	return sec, securityFileError(err)
}

// securityFileError makes an unusable key, certificate or password file a
// usage error, as a bad setting is.
func securityFileError(err error) error {
	if errors.Is(err, app.ErrSecurityFile) {
		return usagef("%v", err)
	}
	return err
}

package main

import (
	"errors"
	"flag"
	"io"
	"strings"
)

// parseConfig builds the configuration of cmd: each setting's default for
// cmd, replaced by its TXSTREAM_* variable when set, replaced by its flag
// when given, and the command's options from their flags alone. It
// returns the positional arguments; flags and positional arguments may be
// interleaved.
func parseConfig(cmd command, args []string, lookupEnv func(string) (string, bool)) (*config, []string, error) {
	c := &config{}
	ss := settingsFor(c, cmd)
	all := concat(ss, optionsFor(&c.Run, cmd))
	if err := applyDefaults(all, cmd); err != nil {
		return nil, nil, err
	}
	if err := applyEnv(ss, lookupEnv); err != nil {
		return nil, nil, err
	}
	positional, err := applyFlags(all, args)
	if err != nil {
		return nil, nil, err
	}
	return c, positional, nil
}

// settingsFor is the part of the table that applies to cmd.
func settingsFor(c *config, cmd command) []setting { return only(settings(c), cmd) }

// only keeps the settings of all that apply to cmd.
func only(all []setting, cmd command) []setting {
	var ss []setting
	for _, s := range all {
		if s.cmds&cmd != 0 {
			ss = append(ss, s)
		}
	}
	return ss
}

func applyDefaults(ss []setting, cmd command) error {
	for _, s := range ss {
		if err := s.value.Set(s.defaultFor(cmd)); err != nil {
			return &settingError{source: "default of --" + s.name, err: err}
		}
	}
	return nil
}

func applyEnv(ss []setting, lookupEnv func(string) (string, bool)) error {
	for _, s := range ss {
		v, ok := lookupEnv(s.env())
		if !ok {
			continue
		}
		if err := s.value.Set(v); err != nil {
			return &settingError{source: s.env(), err: err}
		}
	}
	return nil
}

// applyFlags parses args with a FlagSet that prints nothing: errors come
// back as one line, help is printed by the caller.
func applyFlags(ss []setting, args []string) ([]string, error) {
	fs := flag.NewFlagSet("txstream", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	var setErr error
	for _, s := range ss {
		fs.Var(recordingValue{s.value, "--" + s.name, &setErr}, s.name, s.usage)
	}
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, flagError(err, setErr)
		}
		rest := fs.Args()
		if len(rest) == 0 {
			return positional, nil
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
}

func flagError(err, setErr error) error {
	switch {
	case errors.Is(err, flag.ErrHelp):
		return errHelp
	case setErr != nil:
		return setErr
	}
	msg := strings.Replace(err.Error(), "provided but not defined: -", "provided but not defined: --", 1)
	return usagef("%s", msg)
}

// recordingValue keeps the first Set error with the flag's name, since the
// flag package would reword it.
type recordingValue struct {
	flag.Value
	source string
	err    *error
}

func (v recordingValue) Set(s string) error {
	err := v.Value.Set(s)
	if err != nil && *v.err == nil {
		*v.err = &settingError{source: v.source, err: err}
	}
	return err
}

func (v recordingValue) IsBoolFlag() bool {
	b, ok := v.Value.(interface{ IsBoolFlag() bool })
	return ok && b.IsBoolFlag()
}

// loadConfig parses and validates the configuration of cmd, printing the
// command's help when asked.
func loadConfig(cmd command, args []string, io stdio) (*config, []string, error) {
	c, positional, err := parseConfig(cmd, args, io.lookupEnv)
	if errors.Is(err, errHelp) {
		writeCommandHelp(io.stdout, cmd)
		return nil, nil, errHelp
	}
	if err != nil {
		return nil, nil, err
	}
	if err := c.validate(cmd); err != nil {
		return nil, nil, err
	}
	return c, positional, nil
}

// loadConfigNoArgs loads the configuration of a command that takes no
// positional arguments; hint says where what one meant goes instead.
func loadConfigNoArgs(cmd command, args []string, io stdio, hint string) (*config, error) {
	cfg, positional, err := loadConfig(cmd, args, io)
	if err != nil {
		return nil, err
	}
	if len(positional) != 0 {
		return nil, usagef("unexpected argument %q: %s", positional[0], hint)
	}
	return cfg, nil
}

package cli

import "log/slog"

// Logger is the process's logger on o.Stderr, in format ("text" or
// "json") from level ("debug", "info", "warn", "error"); both were
// validated by the settings table, and an unknown level logs at info.
func (o Output) Logger(format, level string) *slog.Logger {
	opts := &slog.HandlerOptions{Level: parseLevel(level)}
	if format == "json" {
		return slog.New(slog.NewJSONHandler(o.Stderr, opts))
	}
	return slog.New(slog.NewTextHandler(o.Stderr, opts))
}

func parseLevel(level string) slog.Level {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return slog.LevelInfo
	}
	return l
}

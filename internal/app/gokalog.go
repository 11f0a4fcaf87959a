package app

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/lovoo/goka"
)

// gokaLogger sends goka's messages (rebalances, recovery, reconnects) to
// the process's slog logger instead of goka's default, the standard
// library logger on stderr, so that --log-format json covers them too.
type gokaLogger struct{ log *slog.Logger }

var _ goka.Logger = gokaLogger{}

func (l gokaLogger) Print(args ...any)   { l.emit(fmt.Sprint(args...)) }
func (l gokaLogger) Println(args ...any) { l.emit(fmt.Sprintln(args...)) }
func (l gokaLogger) Printf(format string, args ...any) {
	l.emit(fmt.Sprintf(format, args...))
}

func (l gokaLogger) emit(msg string) {
	l.log.Info(strings.TrimSpace(msg), "component", "goka")
}

func gokaProcessorOptions(log *slog.Logger) []goka.ProcessorOption {
	return []goka.ProcessorOption{goka.WithLogger(gokaLogger{log})}
}

func gokaViewOptions(log *slog.Logger) []goka.ViewOption {
	return []goka.ViewOption{goka.WithViewLogger(gokaLogger{log})}
}

func gokaEmitterOptions(log *slog.Logger) []goka.EmitterOption {
	return []goka.EmitterOption{goka.WithEmitterLogger(gokaLogger{log})}
}

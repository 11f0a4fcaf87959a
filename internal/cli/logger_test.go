package cli_test

import (
	"strings"
	"testing"

	"github.com/txstream/txstream/internal/cli"
)

func TestLogger(t *testing.T) {
	var b strings.Builder
	log := cli.Output{Stderr: &b}.Logger("json", "warn")
	log.Info("left out")
	log.Warn("kept", "component", "test")
	if got := b.String(); strings.Contains(got, "left out") || !strings.HasPrefix(got, "{") || !strings.Contains(got, `"msg":"kept"`) {
		t.Errorf("json logger at warn wrote %q", got)
	}
	b.Reset()
	cli.Output{Stderr: &b}.Logger("text", "no such level").Info("at info")
	if got := b.String(); !strings.Contains(got, "msg=\"at info\"") {
		t.Errorf("text logger with an unknown level wrote %q", got)
	}
}

package versioncmd_test

import (
	"runtime/debug"
	"strings"
	"testing"

	"github.com/txstream/txstream/internal/cli/versioncmd"
)

func TestWithStamp(t *testing.T) {
	info := &debug.BuildInfo{Main: debug.Module{Path: "github.com/txstream/txstream", Version: "(devel)"}}
	tests := []struct {
		name, stamped, want string
	}{
		{"go run without a stamp", "", "(devel)"},
		{"make run", "4dbd620-dirty", "4dbd620-dirty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			versioncmd.Write(&b, versioncmd.WithStamp(info, tt.stamped))
			if first, _, _ := strings.Cut(b.String(), "\n"); first != "txstream "+tt.want {
				t.Errorf("first line %q, want %q", first, "txstream "+tt.want)
			}
		})
	}
	if info.Main.Version != "(devel)" {
		t.Errorf("WithStamp changed the build information it was given: %q", info.Main.Version)
	}
}

func TestWriteVersion(t *testing.T) {
	tests := []struct {
		name     string
		settings []debug.BuildSetting
		want     []string
	}{
		{"stamped", []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: "false"}, {Key: "-race", Value: "true"}},
			[]string{"txstream v1.2.3", "vcs.revision  abc123", "vcs.modified  false"}},
		{"not stamped", nil, []string{"txstream v1.2.3", "not recorded"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var b strings.Builder
			versioncmd.Write(&b, &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/txstream/txstream", Version: "v1.2.3"}, Settings: tt.settings})
			for _, w := range tt.want {
				if !strings.Contains(b.String(), w) {
					t.Errorf("version output lacks %q:\n%s", w, b.String())
				}
			}
			if strings.Contains(b.String(), "-race") {
				t.Errorf("version output shows unrelated build settings:\n%s", b.String())
			}
		})
	}
}

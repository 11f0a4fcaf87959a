package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestCommandLine(t *testing.T) {
	tests := []struct {
		name string
		args []string
		code int
		say  string
	}{
		{"no command", nil, 2, "txbench run"},
		{"help", []string{"help"}, 0, "txbench soak"},
		{"unknown", []string{"bench"}, 2, `unknown command "bench"`},
		{"run help", []string{"run", "-h"}, 0, "-ingest-duration"},
		{"run bad conns", []string{"run", "--conns", "0"}, 2, "--conns: 0"},
		{"run bad share", []string{"run", "--convert-share", "2"}, 2, "--convert-share"},
		{"run bad progress", []string{"run", "--progress", "fancy"}, 2, "--progress"},
		{"run stray argument", []string{"run", "now"}, 2, `unexpected argument "now"`},
		{"soak bad total", []string{"soak", "--total", "0"}, 2, "--total"},
		{"load bad conns", []string{"load", "--conns", "0"}, 2, "--conns"},
		{"produce bad depth", []string{"produce", "--depth", "0"}, 2, "--depth"},
		{"unknown flag", []string{"run", "--turbo"}, 2, "turbo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out, errs bytes.Buffer
			code := run(context.Background(), tt.args, &out, &errs)
			if code != tt.code || !strings.Contains(out.String()+errs.String(), tt.say) {
				t.Errorf("exit %d, want %d; output lacks %q:\n%s%s", code, tt.code, tt.say, out.String(), errs.String())
			}
		})
	}
}

func TestBuildServerRejectsABadOverlay(t *testing.T) {
	if _, err := buildServer(context.Background(), ".", t.TempDir(), "/no/such/overlay.json", false); err == nil {
		t.Error("no error for a missing overlay file")
	}
}

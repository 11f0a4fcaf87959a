package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestRatesImportExitCodes: a wrong number of files is a usage mistake
// (2); a file ratescmd refuses is a failure (1); either is one line, and
// neither contacts a broker.
func TestRatesImportExitCodes(t *testing.T) {
	absent := filepath.Join(t.TempDir(), "absent.csv")
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no file", nil, exitUsage, "takes one FILE"},
		{"two files", []string{"a.csv", "b.csv"}, exitUsage, "got 2 arguments"},
		{"missing file", []string{absent}, exitFailure, "absent.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runTxstream(append([]string{"rates", "import", "--brokers", "127.0.0.1:1"}, tt.args...)...)
			line := strings.TrimSuffix(errOut, "\n")
			if code != tt.code || !strings.Contains(line, tt.want) || strings.Contains(line, "\n") {
				t.Fatalf("exit %d, stderr %q: want exit %d and one line with %q", code, errOut, tt.code, tt.want)
			}
		})
	}
}

package main

import (
	"errors"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/txstream/txstream/internal/testenv"
)

func TestRun(t *testing.T) {
	brokers := testenv.EmbeddedKafka(t).Brokers[0]
	closed := "127.0.0.1:" + strconv.Itoa(testenv.FreePort(t))
	missing := filepath.Join(t.TempDir(), "missing.password")
	tests := []struct {
		name    string
		args    []string
		wantErr bool
		usage   bool
	}{
		{"no command", nil, true, true},
		{"unknown command", []string{"start"}, true, true},
		{"ports", []string{"ports", "3"}, false, false},
		{"ports not a number", []string{"ports", "x"}, true, true},
		{"ports zero", []string{"ports", "0"}, true, true},
		{"ready without brokers", []string{"ready"}, true, true},
		{"ready on a serving broker", []string{"ready", "-brokers", brokers}, false, false},
		{"ready on a closed port", []string{"ready", "-brokers", closed, "-timeout", "500ms"}, true, false},
		{"ready with an unknown mechanism", []string{"ready", "-brokers", brokers, "-sasl-user", "u", "-sasl-password-file", missing, "-sasl-mechanism", "GSSAPI"}, true, true},
		{"ready with a missing password file", []string{"ready", "-brokers", brokers, "-sasl-user", "u", "-sasl-password-file", missing}, true, false},
		{"ready with a user and no password file", []string{"ready", "-brokers", brokers, "-sasl-user", "u"}, true, true},
		{"pki without a dir", []string{"pki"}, true, true},
		{"pki", []string{"pki", "-dir", t.TempDir()}, false, false},
		{"setup without brokers", []string{"setup"}, true, true},
		{"setup with an acl user and no prefix", []string{"setup", "-brokers", brokers, "-acl-user", "u"}, true, true},
		{"setup with a bad -scram", []string{"setup", "-brokers", brokers, "-scram", "u"}, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := run(tc.args)
			if (err != nil) != tc.wantErr {
				t.Fatalf("run(%q) = %v, want error %v", tc.args, err, tc.wantErr)
			}
			if errors.Is(err, errUsage) != tc.usage {
				t.Fatalf("run(%q) = %v, want usage error %v", tc.args, err, tc.usage)
			}
		})
	}
}

func TestFreePortsDiffer(t *testing.T) {
	found, err := freePorts(5)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]bool{}
	for _, p := range found {
		if p <= 0 || seen[p] {
			t.Fatalf("ports %v: %d is invalid or repeated", found, p)
		}
		seen[p] = true
	}
}

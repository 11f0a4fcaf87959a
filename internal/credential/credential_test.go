package credential_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/txstream/txstream/internal/credential"
)

const secret = "s3cr3t-pa55"

func TestPasswordNeverPrints(t *testing.T) {
	p := credential.Password(secret)
	cfg := struct {
		User     string
		Password credential.Password
	}{"txstream", p}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("config", "password", p, "cfg", cfg)
	js, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{
		fmt.Sprint(p), fmt.Sprintf("%v %+v %#v %s %q %x %d", p, cfg, cfg, p, p, p, p),
		logged.String(), string(js),
	} {
		if strings.Contains(out, secret) || strings.Contains(out, fmt.Sprintf("%x", secret)) {
			t.Errorf("the password shows in %q", out)
		}
	}
	if p.Reveal() != secret {
		t.Fatalf("Reveal: %q", p.Reveal())
	}
}

func TestReadPasswordFile(t *testing.T) {
	for _, tc := range []struct {
		name     string
		content  string
		mode     os.FileMode
		want     string
		err      error
		warnings int
	}{
		{"one trailing newline trimmed", secret + "\n", 0o600, secret, nil, 0},
		{"CRLF trimmed", secret + "\r\n", 0o400, secret, nil, 0},
		{"only one newline trimmed", secret + "\n\n", 0o600, secret + "\n", nil, 0},
		{"no newline", secret, 0o600, secret, nil, 0},
		{"readable by others warns", secret, 0o644, secret, nil, 1},
		{"empty refused", "", 0o600, "", credential.ErrEmpty, 0},
		{"newline alone refused", "\n", 0o600, "", credential.ErrEmpty, 0},
		{"group-writable refused", secret, 0o620, "", credential.ErrFileMode, 0},
		{"other-writable refused", secret, 0o602, "", credential.ErrFileMode, 0},
		{"too long refused", strings.Repeat("x", 64<<10+1), 0o600, "", credential.ErrTooLong, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "password")
			if err := os.WriteFile(path, []byte(tc.content), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(path, tc.mode); err != nil {
				t.Fatal(err)
			}
			var warnings []string
			got, err := credential.ReadPasswordFile(path, func(w string) { warnings = append(warnings, w) })
			if !errors.Is(err, tc.err) || got.Reveal() != tc.want || len(warnings) != tc.warnings {
				t.Fatalf("got %q, %v, warnings %q; want %q, %v, %d warnings", got.Reveal(), err, warnings, tc.want, tc.err, tc.warnings)
			}
			if err != nil && strings.Contains(err.Error(), secret) {
				t.Fatalf("the error shows the password: %v", err)
			}
		})
	}
}

func TestReadPasswordFileMissing(t *testing.T) {
	_, err := credential.ReadPasswordFile(filepath.Join(t.TempDir(), "none"), nil)
	if !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("got %v, want os.ErrNotExist", err)
	}
}

package streams

import (
	"bytes"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/IBM/sarama"
)

func TestSecurityValidate(t *testing.T) {
	tlsOn := &tls.Config{MinVersion: tls.VersionTLS12}
	for _, tc := range []struct {
		name string
		sec  Security
		want string // "" for valid
	}{
		{"none", Security{}, ""},
		{"TLS alone", Security{TLS: tlsOn}, ""},
		{"SCRAM over plaintext", Security{SASL: SASL{SASLScramSHA512, "u", "p"}}, ""},
		{"PLAIN over TLS", Security{TLS: tlsOn, SASL: SASL{SASLPlain, "u", "p"}}, ""},
		{"PLAIN over plaintext", Security{SASL: SASL{SASLPlain, "u", "p"}}, "in the clear"},
		{"unknown mechanism", Security{TLS: tlsOn, SASL: SASL{"GSSAPI", "u", "p"}}, "GSSAPI"},
		{"mechanism without password", Security{SASL: SASL{SASLScramSHA256, "u", ""}}, "needs a user and a password"},
		{"mechanism without user", Security{SASL: SASL{SASLScramSHA256, "", "p"}}, "needs a user and a password"},
		{"user without mechanism", Security{SASL: SASL{User: "u"}}, "without a mechanism"},
		{"password without mechanism", Security{SASL: SASL{Password: "p"}}, "without a mechanism"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			cfg.Security = tc.sec
			err := cfg.Validate()
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("Validate: %v", err)
			case tc.want != "" && (!errors.Is(err, ErrInvalidConfig) || !strings.Contains(fmt.Sprint(err), tc.want)):
				t.Fatalf("Validate: %v, want an ErrInvalidConfig saying %q", err, tc.want)
			}
		})
	}
}

func TestParseSASLMechanism(t *testing.T) {
	for in, want := range map[string]SASLMechanism{
		"": SASLNone, "none": SASLNone, "plain": SASLPlain, "scram-sha-256": SASLScramSHA256, "SCRAM-SHA-512": SASLScramSHA512,
	} {
		if got, err := ParseSASLMechanism(in); err != nil || got != want {
			t.Errorf("ParseSASLMechanism(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := ParseSASLMechanism("OAUTHBEARER"); !errors.Is(err, ErrSASLMechanism) {
		t.Errorf("OAUTHBEARER: %v, want ErrSASLMechanism", err)
	}
}

func TestConfigNeverPrintsThePassword(t *testing.T) {
	const secret = "kafka-pa55word"
	cfg := DefaultConfig()
	cfg.Security.SASL = SASL{SASLScramSHA512, "txstream", secret}
	var logged bytes.Buffer
	slog.New(slog.NewJSONHandler(&logged, nil)).Info("config", "security", cfg.Security, "sasl", cfg.Security.SASL)
	for _, out := range []string{fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg), logged.String()} {
		if strings.Contains(out, secret) {
			t.Errorf("the password shows in %s", out)
		}
	}
	if !strings.Contains(logged.String(), `"user":"txstream"`) {
		t.Errorf("the log does not name the user: %s", logged.String())
	}
}

func TestSaramaCarriesSecurity(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Security = Security{TLS: &tls.Config{ServerName: "kafka"}, SASL: SASL{SASLScramSHA512, "txstream", "secret"}}
	sc := cfg.Sarama()
	if !sc.Net.TLS.Enable || sc.Net.TLS.Config.ServerName != "kafka" {
		t.Errorf("TLS %v %v, want on with the configured config", sc.Net.TLS.Enable, sc.Net.TLS.Config)
	}
	s := sc.Net.SASL
	if !s.Enable || s.Mechanism != sarama.SASLTypeSCRAMSHA512 || s.User != "txstream" || s.Password != "secret" || s.SCRAMClientGeneratorFunc == nil {
		t.Errorf("SASL %+v, want SCRAM-SHA-512 as txstream with a SCRAM client", s)
	}
	if err := sc.Validate(); err != nil {
		t.Errorf("sarama refuses the config: %v", err)
	}
}

package edge

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestConfigDefaultsAndValidate(t *testing.T) {
	if err := (Config{}).Validate(); err != nil {
		t.Fatalf("the zero config (all defaults) is invalid: %v", err)
	}
	d := (Config{}).withDefaults()
	if d.TransactionAddr != ":5001" || d.ConverterAddr != ":5002" || d.ManagerAddr != ":5003" {
		t.Fatalf("addresses %q %q %q", d.TransactionAddr, d.ConverterAddr, d.ManagerAddr)
	}
	if d.SubmitTimeout > 5*time.Second || d.Observer == nil || d.Now == nil {
		t.Fatalf("defaults %+v", d)
	}
	bad := []struct {
		name   string
		mutate func(*Config)
	}{
		{"tiny body limit", func(c *Config) { c.MaxBodyBytes = 10 }},
		{"tiny header limit", func(c *Config) { c.MaxHeaderBytes = 100 }},
		{"negative timeout", func(c *Config) { c.SubmitTimeout = -time.Second }},
		{"negative wait", func(c *Config) { c.WaitMax = -1 }},
		{"negative in-flight", func(c *Config) { c.MaxInFlight = -1 }},
		{"negative long polls", func(c *Config) { c.MaxLongPolls = -1 }},
		{"default over max", func(c *Config) { c.LogLimitDefault, c.LogLimitMax = 10, 5 }},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			cfg := DefaultConfig()
			tc.mutate(&cfg)
			if err := cfg.Validate(); !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("Validate: %v", err)
			}
			if _, err := NewManagerService(cfg, newFakeTables()); !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("constructor accepted it: %v", err)
			}
		})
	}
}

func TestConstructorsNeedDependencies(t *testing.T) {
	tables := newFakeTables()
	txs := newFakeTransactions(tables)
	cases := map[string]error{}
	_, cases["transaction without tables"] = NewTransactionService(Config{}, txs, nil, nil)
	_, cases["converter without rates"] = NewConverterService(Config{}, txs, tables, nil)
	_, cases["manager without tables"] = NewManagerService(Config{}, nil)
	for name, err := range cases {
		if !errors.Is(err, ErrInvalidConfig) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestCatalog(t *testing.T) {
	for _, code := range Codes() {
		got, e := Lookup(code)
		if got != code || e.Title == "" || e.Status < 400 || e.Status > 599 {
			t.Errorf("%s: %+v", code, e)
		}
		if e.RetryAfter != (e.Status == 429 || e.Status == 503 || e.Status == 504) {
			t.Errorf("%s: Retry-After %v with status %d", code, e.RetryAfter, e.Status)
		}
	}
	if code, e := Lookup("no_such_code"); code != CodeInternal || e.Status != 500 {
		t.Fatalf("unknown code maps to %s %d", code, e.Status)
	}
	if _, e := Lookup(CodeTransactionNotFound); e.Title != "Transaction not found" {
		t.Fatalf("the seed's error text changed: %q", e.Title)
	}
}

func TestClassifyFallbacks(t *testing.T) {
	cfg := Config{Classify: func(err error) Code {
		if err.Error() == "mine" {
			return CodeConflict
		}
		return ""
	}}
	cases := []struct {
		err      error
		fallback Code
		want     Code
	}{
		{errors.New("mine"), CodeInternal, CodeConflict},
		{errors.New("other"), CodeInternal, CodeInternal},
		{errors.New("other"), CodeTablesUnavailable, CodeTablesUnavailable},
		{contextDeadline(), CodeInternal, CodeUnavailable},
	}
	for _, tc := range cases {
		if got := cfg.classify(tc.err, tc.fallback); got != tc.want {
			t.Errorf("classify(%v, %s) = %s, want %s", tc.err, tc.fallback, got, tc.want)
		}
	}
	// A write: its deadline leaves the outcome unknown, unless the hook
	// knows better (a record refused before the deadline, say).
	writes := []struct {
		err  error
		want Code
	}{
		{contextDeadline(), CodeOutcomeUnknown},
		{fmt.Errorf("mine: %w", contextDeadline()), CodeOutcomeUnknown},
		{errors.New("mine"), CodeConflict},
		{errors.New("other"), CodeInternal},
		{context.Canceled, CodeStopping},
	}
	for _, tc := range writes {
		if got := cfg.classifyWrite(tc.err); got != tc.want {
			t.Errorf("classifyWrite(%v) = %s, want %s", tc.err, got, tc.want)
		}
	}
	hooked := Config{Classify: func(err error) Code {
		if errors.Is(err, context.DeadlineExceeded) {
			return CodeUnavailable
		}
		return ""
	}}
	if got := hooked.classifyWrite(contextDeadline()); got != CodeUnavailable {
		t.Errorf("classifyWrite with the hook's verdict = %s, want %s", got, CodeUnavailable)
	}
}

func contextDeadline() error {
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	<-ctx.Done()
	return fmt.Errorf("submit: %w", ctx.Err())
}

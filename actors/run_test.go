package actors

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/testenv"
)

func TestRunShutsDown(t *testing.T) {
	f := newFixture(t, Config{})
	ev := txEvent(t, "shut-1", "1.00")
	if _, err := f.g.SubmitTransaction(context.Background(), ev); err != nil {
		t.Fatal(err)
	}
	waitErr := make(chan error, 1)
	go func() {
		_, err := f.g.Wait(context.Background(), ev.ID)
		waitErr <- err
	}()
	testenv.Eventually(t, 5*time.Second, func() bool { return posted(f, ev.ID, 2) }, "the wait posted")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.g.Run(ctx); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if err := <-waitErr; !errors.Is(err, ErrStopping) {
		t.Fatalf("parked Wait at shutdown: %v; want ErrStopping", err)
	}
	if f.g.Live() != 0 {
		t.Fatalf("%d live actors after Run; want 0", f.g.Live())
	}
	if _, err := f.g.SubmitTransaction(context.Background(), ev); !errors.Is(err, ErrStopping) {
		t.Fatalf("submit after Run: %v; want ErrStopping", err)
	}
	if _, err := f.g.Wait(context.Background(), ev.ID); !errors.Is(err, ErrStopping) {
		t.Fatalf("Wait after Run: %v; want ErrStopping", err)
	}
}

func TestRunFailsInFlightAtTheDeadline(t *testing.T) {
	f := newFixture(t, Config{ShutdownTimeout: 30 * time.Millisecond, ProduceTimeout: time.Minute})
	open := f.prod.hold()
	defer open()
	submitErr := make(chan error, 1)
	go func() {
		_, err := f.g.SubmitTransaction(context.Background(), txEvent(t, "stuck-1", "1.00"))
		submitErr <- err
	}()
	testenv.Eventually(t, 5*time.Second, func() bool { return f.prod.entered.Load() == 1 }, "the produce is held")
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := f.g.Run(ctx); !errors.Is(err, ErrShutdownTimeout) {
		t.Fatalf("Run: %v; want ErrShutdownTimeout", err)
	}
	// Both ends are fine: the caller gave up (ErrStopping) or the cancelled
	// produce answered first (ErrOutcomeUnknown: it was in flight); neither
	// is an accept.
	if err := <-submitErr; !errors.Is(err, ErrStopping) && !errors.Is(err, ErrOutcomeUnknown) {
		t.Fatalf("in-flight submit at the deadline: %v; want ErrStopping or ErrOutcomeUnknown", err)
	}
	testenv.Eventually(t, 5*time.Second, func() bool { return f.g.Live() == 0 }, "the stuck actor stops once its produce is cancelled")
	if txs, _ := f.prod.produced(); txs != 0 {
		t.Fatalf("produced %d events; want 0", txs)
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		cfg     Config
		wantErr bool
	}{
		{"zero takes defaults", Config{}, false},
		{"defaults", DefaultConfig(), false},
		{"negative in-flight", Config{MaxInFlight: -1}, true},
		{"negative idle timeout", Config{IdleTimeout: -time.Second}, true},
		{"backoff max below initial", Config{RestartBackoff: Backoff{Initial: time.Second, Max: time.Millisecond}}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.cfg.Validate()
			if (err != nil) != tt.wantErr || (err != nil && !errors.Is(err, ErrInvalidConfig)) {
				t.Fatalf("Validate() = %v; want error %v", err, tt.wantErr)
			}
		})
	}
	if d := (Config{RestartBackoff: Backoff{Initial: 10 * time.Second}}).withDefaults(); d.RestartBackoff.Max != 10*time.Second {
		t.Fatalf("a large Initial with no Max gets Max %s; want the Initial", d.RestartBackoff.Max)
	}
}

package stage

import (
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// recorder notes the order in which components stop.
type recorder struct {
	mu      sync.Mutex
	stopped []string
}

func (r *recorder) component(name string) Component {
	return Component{Name: name, Run: func(ctx context.Context) error {
		<-ctx.Done()
		r.mu.Lock()
		defer r.mu.Unlock()
		r.stopped = append(r.stopped, name)
		return nil
	}}
}

func (r *recorder) order() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.stopped)
}

func newTestRunner(deadline time.Duration) *Runner {
	return New(deadline, slog.New(slog.DiscardHandler))
}

func TestRunnerStopsStagesInOrder(t *testing.T) {
	r := &recorder{}
	l := newTestRunner(5 * time.Second)
	l.Stage(r.component("http"))
	l.Stage(r.component("actors"))
	l.Stage(Closer("producer", func() error { r.mu.Lock(); defer r.mu.Unlock(); r.stopped = append(r.stopped, "producer"); return nil }))
	l.Stage(r.component("view"), r.component("processor"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.Run(ctx) }()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	got := r.order()
	if len(got) != 5 || !slices.Equal(got[:3], []string{"http", "actors", "producer"}) {
		t.Fatalf("stop order %v: want http, actors, producer, then the back stage", got)
	}
}

func TestRunnerFailures(t *testing.T) {
	errBoom := errors.New("boom")
	// stuck ignores its stop until the test ends, past the deadline.
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	stuck := Component{Name: "stuck service", Run: func(ctx context.Context) error {
		<-ctx.Done()
		<-release
		return nil
	}}
	tests := []struct {
		name    string
		stages  [][]Component
		cancel  bool // send the stop signal
		wantErr error
		wantMsg string
	}{
		{
			name: "a failing component stops the rest",
			stages: [][]Component{
				{{Name: "http", Run: func(ctx context.Context) error { <-ctx.Done(); return nil }}},
				{{Name: "processor", Run: func(context.Context) error { return errBoom }}},
			},
			wantErr: errBoom, wantMsg: "processor",
		},
		{
			name: "a component that returns on its own is a failure",
			stages: [][]Component{
				{{Name: "watcher", Run: func(context.Context) error { return nil }}},
			},
			wantErr: ErrStoppedEarly, wantMsg: "watcher",
		},
		{
			name:   "the deadline names what is still running",
			stages: [][]Component{{stuck}},
			cancel: true, wantErr: ErrDeadline, wantMsg: "stuck service",
		},
		{
			name: "an error while stopping is reported",
			stages: [][]Component{
				{Closer("producer", func() error { return errBoom })},
			},
			cancel: true, wantErr: errBoom, wantMsg: "producer",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestRunner(200 * time.Millisecond)
			for _, s := range tt.stages {
				l.Stage(s...)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				cancel()
			}
			err := l.Run(ctx)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("run = %v, want %v naming %q", err, tt.wantErr, tt.wantMsg)
			}
		})
	}
}

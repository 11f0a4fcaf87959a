package main

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

func (r *recorder) component(name string) component {
	return component{name: name, run: func(ctx context.Context) error {
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

func newTestLifecycle(deadline time.Duration) *lifecycle {
	return &lifecycle{deadline: deadline, log: slog.New(slog.DiscardHandler)}
}

func TestLifecycleStopsStagesInOrder(t *testing.T) {
	r := &recorder{}
	l := newTestLifecycle(5 * time.Second)
	l.stage(r.component("http"))
	l.stage(r.component("actors"))
	l.stage(closer("producer", func() error { r.mu.Lock(); defer r.mu.Unlock(); r.stopped = append(r.stopped, "producer"); return nil }))
	l.stage(r.component("view"), r.component("processor"))
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- l.run(ctx) }()
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("run: %v", err)
	}
	got := r.order()
	if len(got) != 5 || !slices.Equal(got[:3], []string{"http", "actors", "producer"}) {
		t.Fatalf("stop order %v: want http, actors, producer, then the back stage", got)
	}
}

func TestLifecycleFailures(t *testing.T) {
	errBoom := errors.New("boom")
	// stuck ignores its stop until the test ends, past the deadline.
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	stuck := component{name: "stuck service", run: func(ctx context.Context) error {
		<-ctx.Done()
		<-release
		return nil
	}}
	tests := []struct {
		name    string
		stages  [][]component
		cancel  bool // send the stop signal
		wantErr error
		wantMsg string
	}{
		{
			name: "a failing component stops the rest",
			stages: [][]component{
				{{name: "http", run: func(ctx context.Context) error { <-ctx.Done(); return nil }}},
				{{name: "processor", run: func(context.Context) error { return errBoom }}},
			},
			wantErr: errBoom, wantMsg: "processor",
		},
		{
			name: "a component that returns on its own is a failure",
			stages: [][]component{
				{{name: "watcher", run: func(context.Context) error { return nil }}},
			},
			wantErr: errStoppedEarly, wantMsg: "watcher",
		},
		{
			name:   "the deadline names what is still running",
			stages: [][]component{{stuck}},
			cancel: true, wantErr: errDeadline, wantMsg: "stuck service",
		},
		{
			name: "an error while stopping is reported",
			stages: [][]component{
				{closer("producer", func() error { return errBoom })},
			},
			cancel: true, wantErr: errBoom, wantMsg: "producer",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := newTestLifecycle(200 * time.Millisecond)
			for _, s := range tt.stages {
				l.stage(s...)
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.cancel {
				cancel()
			}
			err := l.run(ctx)
			if !errors.Is(err, tt.wantErr) || !strings.Contains(err.Error(), tt.wantMsg) {
				t.Fatalf("run = %v, want %v naming %q", err, tt.wantErr, tt.wantMsg)
			}
		})
	}
}

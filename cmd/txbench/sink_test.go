package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestSinkAnswersNoContent: the sink prints its address, answers 204 to
// a webhook POST, and stops when its context ends.
func TestSinkAnswersNoContent(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- sinkCommand(ctx, nil, w, io.Discard) }()
	addr, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("read the address: %v", err)
	}
	resp, err := http.Post("http://"+strings.TrimSpace(addr)+"/hooks", "application/json", strings.NewReader(`{"type":"transaction.completed"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNoContent {
		t.Fatalf("status %d, want 204", resp.StatusCode)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("sink ended with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the sink did not stop with its context")
	}
}

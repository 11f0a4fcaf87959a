package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/testenv"
)

func TestMain(m *testing.M) {
	code := m.Run()
	testenv.RemoveBinaries()
	os.Exit(code)
}

// buildBinary is the txstream binary of this test run (see testenv.Txstream).
func buildBinary(t *testing.T) string { return testenv.Txstream(t) }

// syncBuffer collects a subprocess's output while tests read it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startDev starts the binary in dev mode on dataDir, every listener on a
// port it picks, and waits until it is ready.
func startDev(t *testing.T, dataDir string) *launch.Process {
	t.Helper()
	return startProcess(t, append([]string{"dev", "--data-dir", dataDir}, fastGroupFlags...))
}

// fastGroupFlags keep consumer-group changes quick and the logs readable.
var fastGroupFlags = []string{
	"--partitions", "4",
	"--shutdown-timeout", "20s",
	"--session-timeout", "3s", "--heartbeat-interval", "300ms", "--rebalance-timeout", "3s",
	"--log-format", "json",
}

// startProcess starts the binary with args (testenv.Launch) and waits
// until it is ready.
func startProcess(t *testing.T, args []string) *launch.Process {
	t.Helper()
	return testenv.Launch(t, launch.Options{Args: args})
}

func tail(s string, lines int) string {
	all := strings.Split(s, "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

var client = &http.Client{Timeout: 15 * time.Second}

func statusOf(url string) int {
	resp, err := client.Get(url)
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}

// call sends a JSON request and decodes a JSON answer into out (if any).
func call(ctx context.Context, method, url string, body any, out any) (int, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return 0, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return resp.StatusCode, err
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return resp.StatusCode, fmt.Errorf("decode %s: %w", data, err)
		}
	}
	return resp.StatusCode, nil
}

package integration

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"
)

// client keeps enough idle connections for the open-loop load, so that
// the load measures txstream and not TCP handshakes.
var client = &http.Client{
	Timeout:   30 * time.Second,
	Transport: &http.Transport{MaxIdleConns: 1024, MaxIdleConnsPerHost: 512, IdleConnTimeout: time.Minute},
}

// answer is an HTTP answer: its status, headers and body.
type answer struct {
	code   int
	header http.Header
	body   []byte
}

// call sends a JSON request and decodes a JSON answer into out (if any
// and if the status is 2xx).
func call(ctx context.Context, method, url string, body, out any) (answer, error) {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return answer{}, err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return answer{}, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return answer{}, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	a := answer{code: resp.StatusCode, header: resp.Header, body: data}
	if err != nil {
		return a, err
	}
	if out != nil && a.code/100 == 2 && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return a, fmt.Errorf("decode %s: %w", data, err)
		}
	}
	return a, nil
}

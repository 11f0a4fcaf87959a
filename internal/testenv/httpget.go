package testenv

import (
	"io"
	"net/http"
	"testing"
	"time"
)

var getClient = &http.Client{Timeout: 10 * time.Second}

// Get fetches url and returns the status and the body; a request that
// fails or does not answer within 10 s fails the test.
func Get(t testing.TB, url string) (int, []byte) {
	t.Helper()
	resp, err := getClient.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", url, err)
	}
	return resp.StatusCode, body
}

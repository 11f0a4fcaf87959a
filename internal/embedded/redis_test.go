package embedded

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestRedisExpiresKeysInRealTime(t *testing.T) {
	srv, rdb := testRedis(t, 10*time.Millisecond)
	ctx := context.Background()
	if err := rdb.Set(ctx, "short", "v", 50*time.Millisecond).Err(); err != nil {
		t.Fatal(err)
	}
	if err := rdb.Set(ctx, "kept", "v", 0).Err(); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for srv.Exists("short") {
		if time.Now().After(deadline) {
			t.Fatal("a key with a 50 ms TTL still exists after 5 s")
		}
		time.Sleep(5 * time.Millisecond) // polling a condition, not synchronizing
	}
	if !srv.Exists("kept") {
		t.Error("a key without a TTL expired")
	}
}

func TestRedisCloseTwice(t *testing.T) {
	srv, err := StartRedis("")
	if err != nil {
		t.Fatal(err)
	}
	srv.Close()
	srv.Close()
}

// testRedis starts the embedded Redis with the given expiry tick and a
// client of it; both end with the test.
func testRedis(t *testing.T, tick time.Duration) (*Redis, *redis.Client) {
	t.Helper()
	srv, err := startRedis("", tick)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr()})
	t.Cleanup(func() { _ = rdb.Close() })
	return srv, rdb
}

package cache_test

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/alicebob/miniredis/v2"
	"github.com/redis/go-redis/v9"

	"github.com/txstream/txstream/edge/cache"
	"github.com/txstream/txstream/internal/testenv"
)

const (
	redisUser     = "txstream"
	redisPassword = "redis-pa55word"
)

// secureRedis serves Redis' protocol over TLS only (the PKI's server
// certificate) to the ACL user redisUser alone.
func secureRedis(t *testing.T, p *testenv.PKI) string {
	t.Helper()
	m := miniredis.NewMiniRedis()
	m.RequireUserAuth(redisUser, redisPassword)
	if err := m.StartTLS(p.ServerTLS(t)); err != nil {
		t.Fatalf("start miniredis over TLS: %v", err)
	}
	t.Cleanup(m.Close)
	return m.Addr()
}

// client connects with sec and fails fast.
func client(t *testing.T, addr string, sec cache.Security) (*redis.Client, cache.Config) {
	t.Helper()
	cfg := cache.DefaultConfig()
	cfg.Timeout = 5 * time.Second // a TLS handshake on a loaded machine
	cfg.Security = sec
	rdb := redis.NewClient(cache.RedisOptions(addr, cfg))
	t.Cleanup(func() { _ = rdb.Close() })
	return rdb, cfg
}

func TestRedisLoginOverTLS(t *testing.T) {
	p := testenv.NewPKI(t)
	addr := secureRedis(t, p)
	rdb, cfg := client(t, addr, cache.Security{User: redisUser, Password: redisPassword, TLS: p.TrustOnly()})
	c, err := cache.New(rdb, cfg, nil)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	c.Fill(ctx, "tx-1", 2, []byte(`{"id":"tx-1","version":2}`))
	if raw, ok := c.Get(ctx, "tx-1"); !ok || !strings.Contains(string(raw), `"version":2`) {
		t.Fatalf("Get after Fill over TLS: %s, %v", raw, ok)
	}
}

func TestRedisRefusesStrangers(t *testing.T) {
	p := testenv.NewPKI(t)
	addr := secureRedis(t, p)
	other := testenv.NewPKI(t)
	for _, tc := range []struct {
		name string
		sec  cache.Security
	}{
		{"wrong password", cache.Security{User: redisUser, Password: "wrong", TLS: p.TrustOnly()}},
		{"another user", cache.Security{User: "stranger", Password: redisPassword, TLS: p.TrustOnly()}},
		{"no login", cache.Security{TLS: p.TrustOnly()}},
		{"plaintext", cache.Security{User: redisUser, Password: redisPassword}},
		{"another CA", cache.Security{User: redisUser, Password: redisPassword, TLS: other.TrustOnly()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rdb, _ := client(t, addr, tc.sec)
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := rdb.Set(ctx, "planted", "entry", 0).Err()
			switch {
			case err == nil:
				t.Fatal("a write was accepted")
			case errors.Is(err, context.DeadlineExceeded):
				t.Fatalf("no answer before the deadline: %v", err)
			case strings.Contains(err.Error(), redisPassword):
				t.Fatalf("the error shows the password: %v", err)
			}
			t.Logf("refused: %v", err)
		})
	}
}

func TestSecurityNeverPrintsThePassword(t *testing.T) {
	cfg := cache.DefaultConfig()
	cfg.Security = cache.Security{User: redisUser, Password: redisPassword, TLS: &tls.Config{MinVersion: tls.VersionTLS12}}
	var logged bytes.Buffer
	slog.New(slog.NewTextHandler(&logged, nil)).Info("cache", "security", cfg.Security)
	for _, out := range []string{fmt.Sprintf("%v %+v %#v", cfg, cfg, cfg), logged.String()} {
		if strings.Contains(out, redisPassword) {
			t.Errorf("the password shows in %s", out)
		}
	}
	if err := (cache.Config{Security: cache.Security{User: redisUser}}).Validate(); !errors.Is(err, cache.ErrInvalidConfig) {
		t.Errorf("a user without a password: %v, want ErrInvalidConfig", err)
	}
}

package testenv

import (
	"context"
	"crypto/tls"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func redisCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestSecureRedisUser: the ACL user, over TLS, runs SET and GET and the
// cache's versioned write (edge/cache_write.go's transaction) on its keys,
// and is refused keys outside its pattern and dangerous commands.
func TestSecureRedisUser(t *testing.T) {
	s := StartSecureRedis(t, SecureRedisConfig{})
	rdb := redis.NewClient(s.Options(t))
	defer rdb.Close()
	ctx := redisCtx(t)
	key := Name(t, "txstream:test")
	if err := rdb.Set(ctx, key, "v", time.Minute).Err(); err != nil {
		t.Fatalf("SET: %v", err)
	}
	if got, err := rdb.Get(ctx, key).Result(); err != nil || got != "v" {
		t.Fatalf("GET = %q, %v; want v", got, err)
	}
	zkey := key + ":z"
	pipe := rdb.TxPipeline()
	pipe.ZCount(ctx, zkey, "(1", "+inf")
	pipe.PTTL(ctx, zkey)
	pipe.ZAdd(ctx, zkey, redis.Z{Score: 1, Member: "entry"})
	pipe.ZRemRangeByRank(ctx, zkey, 0, -2)
	pipe.PExpire(ctx, zkey, time.Minute)
	if _, err := pipe.Exec(ctx); err != nil {
		t.Fatalf("the cache's write transaction: %v", err)
	}
	if got, err := rdb.ZRangeWithScores(ctx, zkey, 0, -1).Result(); err != nil || len(got) != 1 {
		t.Fatalf("ZRANGE WITHSCORES = %v, %v; want one entry", got, err)
	}
	refused := map[string]error{
		"a key outside " + RedisKeyPattern: rdb.Set(ctx, Name(t, "other"), "v", 0).Err(),
		"FLUSHALL":                         rdb.FlushAll(ctx).Err(),
		"CONFIG GET":                       rdb.ConfigGet(ctx, "*").Err(),
		"KEYS":                             rdb.Keys(ctx, "*").Err(),
	}
	for what, err := range refused {
		if err == nil || !strings.Contains(err.Error(), "NOPERM") {
			t.Errorf("%s: %v, want NOPERM", what, err)
		}
	}
}

// TestSecureRedisRefusesStrangers: without TLS, with another CA, without a
// password, with a wrong one, or as the default user, nothing is served.
func TestSecureRedisRefusesStrangers(t *testing.T) {
	s := StartSecureRedis(t, SecureRedisConfig{})
	tests := []struct {
		name   string
		modify func(*redis.Options)
		want   string // a part of the error; "" for any error
	}{
		{"plaintext", func(o *redis.Options) { o.TLSConfig = nil }, ""},
		{"another CA", func(o *redis.Options) { o.TLSConfig = ClientTLS(t, TestPKI(t)) }, "certificate"},
		{"no credentials", func(o *redis.Options) { o.Username, o.Password = "", "" }, "NOAUTH"},
		{"wrong password", func(o *redis.Options) { o.Password = "not-" + o.Password }, "WRONGPASS"},
		{"default user", func(o *redis.Options) { o.Username = "" }, "WRONGPASS"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			opts := s.Options(t)
			opts.DialTimeout, opts.ReadTimeout = 2*time.Second, 2*time.Second
			tc.modify(opts)
			rdb := redis.NewClient(opts)
			defer rdb.Close()
			err := rdb.Ping(redisCtx(t)).Err()
			if err == nil {
				t.Fatal("redis-server answered a client it must refuse")
			}
			t.Logf("refused: %v", err)
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("ping: %v, want an error naming %s", err, tc.want)
			}
		})
	}
}

// TestSecureRedisMutualTLS: with MutualTLS, a client without a certificate
// is refused and one with the CA's client certificate is served.
func TestSecureRedisMutualTLS(t *testing.T) {
	s := StartSecureRedis(t, SecureRedisConfig{MutualTLS: true})
	opts := s.Options(t)
	served := redis.NewClient(opts)
	defer served.Close()
	if err := served.Ping(redisCtx(t)).Err(); err != nil {
		t.Fatalf("with the client certificate: %v", err)
	}
	opts = s.Options(t)
	opts.TLSConfig = &tls.Config{RootCAs: opts.TLSConfig.RootCAs, MinVersion: tls.VersionTLS12}
	opts.DialTimeout, opts.ReadTimeout = 2*time.Second, 2*time.Second
	anonymous := redis.NewClient(opts)
	defer anonymous.Close()
	if err := anonymous.Ping(redisCtx(t)).Err(); err == nil {
		t.Fatal("served a client without a certificate")
	}
}

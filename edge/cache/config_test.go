package cache

import (
	"errors"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name string
		cfg  Config
	}{
		{"negative TTL", Config{TTL: -1}},
		{"negative timeout", Config{Timeout: -time.Second}},
		{"negative backoff", Config{Backoff: -time.Second}},
	}
	rdb := redis.NewClient(RedisOptions("127.0.0.1:1", DefaultConfig())) // never dialled
	t.Cleanup(func() { _ = rdb.Close() })
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.cfg.Validate(); !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("Validate: %v, want ErrInvalidConfig", err)
			}
			if _, err := New(rdb, tt.cfg, nil); !errors.Is(err, ErrInvalidConfig) {
				t.Fatalf("New: %v, want ErrInvalidConfig", err)
			}
		})
	}
	if err := (Config{}).Validate(); err != nil {
		t.Fatalf("the defaults: %v", err)
	}
}

func TestNewNeedsAClient(t *testing.T) {
	if _, err := New(nil, DefaultConfig(), nil); !errors.Is(err, ErrInvalidConfig) {
		t.Fatalf("New without a client: %v, want ErrInvalidConfig", err)
	}
}

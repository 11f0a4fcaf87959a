package cache

import (
	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"
)

// RedisOptions returns client options for the cache at addr: every timeout
// (dial, read, write, pool wait) is Config.Timeout and failed commands
// are not retried, because a read that misses Redis is served by the table
// anyway and must not wait for it. The login and TLS are Config.Security's;
// the timeout bounds the TLS handshake too.
func RedisOptions(addr string, cfg Config) *redis.Options {
	cfg = cfg.withDefaults()
	return &redis.Options{
		Addr:                     addr,
		Username:                 cfg.Security.User,
		Password:                 cfg.Security.Password.Reveal(),
		TLSConfig:                cfg.Security.TLS,
		DialTimeout:              cfg.Timeout,
		ReadTimeout:              cfg.Timeout,
		WriteTimeout:             cfg.Timeout,
		PoolTimeout:              cfg.Timeout,
		ContextTimeoutEnabled:    true,
		MaxRetries:               -1,
		DisableIdentity:          true,
		MaintNotificationsConfig: &maintnotifications.Config{Mode: maintnotifications.ModeDisabled},
	}
}

package app

import (
	"crypto/tls"
	"fmt"
	"log/slog"

	"github.com/txstream/txstream/edge"
	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/edge/cache"
	"github.com/txstream/txstream/edge/ratelimit"
	"github.com/txstream/txstream/internal/app/stage"
	"github.com/txstream/txstream/internal/tlsfiles"
	"github.com/txstream/txstream/metrics"
	"github.com/txstream/txstream/streams"
)

// guard is the process's access control and encryption, built from
// Config.Security before anything else is created, so that a key,
// certificate or password file that cannot be used fails first.
type guard struct {
	keys    *auth.Keys         // nil: every route open
	limiter *ratelimit.Limiter // nil: no rate limit
	tls     *tlsfiles.Server   // nil: plain HTTP
	kafka   streams.Security   // every Kafka client's login
	redis   cache.Security     // the cache's login
	keyFile string             // for the banner
}

// newGuard reads the files of s. Reloads of the key file and of the
// certificates are logged and counted on reloads.
func newGuard(s Security, log *slog.Logger, reloads *metrics.Reloads) (*guard, error) {
	warn := func(msg string) { log.Warn(msg) }
	g := &guard{keyFile: s.APIKeys}
	var err error
	if s.APIKeys != "" {
		g.keys, err = auth.Open(auth.Config{File: s.APIKeys, Log: log.With("component", "api-keys"),
			OnReload: func(err error) { reloads.Reloaded(metrics.FileAPIKeys, err) }})
		if err != nil {
			return nil, fmt.Errorf("%w: --api-keys: %w", ErrSecurityFile, err)
		}
	}
	if s.RateLimit > 0 {
		if g.limiter, err = ratelimit.New(ratelimit.Config{Rate: float64(s.RateLimit), Burst: s.RateBurst}); err != nil {
			return nil, fmt.Errorf("rate limit: %w", err)
		}
	}
	if s.HTTPS() {
		if g.tls, err = tlsfiles.NewServer(s.TLS, tlsReloaded(log, reloads)); err != nil {
			return nil, fmt.Errorf("%w: --tls-cert: %w", ErrSecurityFile, err)
		}
	}
	if g.kafka, err = s.Kafka.Streams(warn); err != nil {
		return nil, err
	}
	if g.redis, err = s.Redis.Cache(warn); err != nil {
		return nil, err
	}
	return g, nil
}

// tlsReloaded logs and counts a reload of the listeners' certificates.
func tlsReloaded(log *slog.Logger, reloads *metrics.Reloads) func(error) {
	return func(err error) {
		reloads.Reloaded(metrics.FileTLS, err)
		if err != nil {
			log.Error("listener certificate not reloaded; the previous one stays in force", "err", err)
			return
		}
		log.Info("listener certificate reloaded")
	}
}

// secure sets the access checks of the services' configuration. A nil
// store or limiter stays a nil interface (edge.Config.Auth says why).
func (g *guard) secure(ec edge.Config) edge.Config {
	if g.keys != nil {
		ec.Auth = g.keys
	}
	if g.limiter != nil {
		ec.Limiter = g.limiter
	}
	ec.HTTPS = g.tls != nil
	return ec
}

// wrap makes every listener serve TLS with the current certificate, when
// the process has one.
func (g *guard) wrap(ls listeners) {
	if g.tls == nil {
		return
	}
	for name, ln := range ls {
		ls[name] = tls.NewListener(ln, g.tls.Config())
	}
}

// watchers are the key file's and the certificates' watchers. They stop
// in the backends stage, after the services: a key revoked or a
// certificate renewed while the services drain still takes effect.
func (g *guard) watchers() []stage.Component {
	var cs []stage.Component
	if g.keys != nil {
		cs = append(cs, stage.Component{Name: "API key watcher", Run: g.keys.Run})
	}
	if g.tls != nil {
		cs = append(cs, stage.Component{Name: "certificate watcher", Run: g.tls.Run})
	}
	return cs
}

// accessNote is the banner's line on API keys.
func (g *guard) accessNote() string {
	if g.keyFile == "" {
		return "API keys: none, every route is open (--api-keys FILE closes them)"
	}
	return "API keys from " + g.keyFile
}

package testenv

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/txstream/txstream/internal/poll"
	"github.com/txstream/txstream/internal/testenv/pki"
)

// SecureRedis is a redis-server started by a test that serves TLS only and
// knows one ACL user with a password (RedisUser); its default user is off.
type SecureRedis struct {
	Addr         string     // 127.0.0.1:PORT, TLS
	PKI          *pki.Files // the server's certificate and the CA clients trust
	User         string     // RedisUser
	PasswordFile string     // the user's password, 0600
	cmd          *exec.Cmd
	exited       chan struct{}
}

// SecureRedisConfig tunes StartSecureRedis.
type SecureRedisConfig struct {
	// MutualTLS makes redis-server require a client certificate signed by
	// the CA (tls-auth-clients yes); without it one is optional.
	MutualTLS bool
}

// StartSecureRedis starts redis-server with TLS and an ACL user, on a
// loopback port that was free a moment ago (another is tried when the
// server exits at once, its port taken), and waits until the user's PING
// over TLS answers. It skips the test when redis-server is not on the PATH.
// The server is stopped when the test ends.
func StartSecureRedis(t testing.TB, cfg SecureRedisConfig) *SecureRedis {
	t.Helper()
	if _, err := exec.LookPath("redis-server"); err != nil {
		t.Skip("redis-server not on the PATH (apt-get install redis-server)")
	}
	f := TestPKI(t)
	for try := 1; ; try++ {
		dir := t.TempDir()
		port := FreePort(t)
		conf, passwordFile, err := writeSecureRedisConf(dir, port, f, cfg.MutualTLS)
		if err != nil {
			t.Fatal(err)
		}
		s := &SecureRedis{Addr: "127.0.0.1:" + strconv.Itoa(port), PKI: f, User: RedisUser, PasswordFile: passwordFile}
		err = s.start(t, conf)
		if err == nil {
			t.Cleanup(s.stop)
			return s
		}
		if !errors.Is(err, errRedisExited) || try == redisPortTries {
			t.Fatal(err)
		}
	}
}

// Password reads the user's password file.
func (s *SecureRedis) Password(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile(s.PasswordFile)
	if err != nil {
		t.Fatalf("redis password: %v", err)
	}
	return strings.TrimSpace(string(b))
}

// Options are go-redis options that reach the server over TLS, trusting
// only the test CA and presenting the client certificate, as the user.
func (s *SecureRedis) Options(t testing.TB) *redis.Options {
	t.Helper()
	return &redis.Options{
		Addr: s.Addr, Username: s.User, Password: s.Password(t),
		TLSConfig: ClientTLS(t, s.PKI), MaxRetries: -1, DisableIdentity: true,
	}
}

func (s *SecureRedis) start(t testing.TB, conf string) error {
	s.cmd = exec.Command("redis-server", conf)
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("start redis-server: %w", err)
	}
	exited := make(chan struct{})
	s.exited = exited
	go func(cmd *exec.Cmd) { _ = cmd.Wait(); close(exited) }(s.cmd)
	client := redis.NewClient(s.Options(t))
	defer client.Close()
	err := poll.Within(10*time.Second, 100*time.Millisecond, func() (bool, error) {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		answered := client.Ping(ctx).Err() == nil
		select {
		case <-exited:
			return false, fmt.Errorf("%w at %s", errRedisExited, s.Addr)
		default:
			return answered, nil
		}
	})
	if err != nil {
		s.stop()
		return fmt.Errorf("redis-server (TLS) at %s: %w", s.Addr, err)
	}
	return nil
}

func (s *SecureRedis) stop() {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
	s.cmd = nil
}

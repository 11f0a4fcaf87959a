package testenv

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/txstream/txstream/internal/testenv/pki"
)

// RedisUser is the ACL user StartSecureRedis creates: it may run what
// txstream's cache sends (edge/cache*.go: MULTI/EXEC around ZCOUNT, PTTL,
// ZADD, ZREMRANGEBYRANK and PEXPIRE; ZRANGE, GET, SET, EXISTS) and the
// connection commands but the dangerous ones, on keys under
// RedisKeyPattern; nothing else. The default user is off.
const RedisUser = "txstream"

// RedisKeyPattern is the keys RedisUser may touch: the cache's default
// KeyPrefix ("txstream:tx2:") is under it.
const RedisKeyPattern = "txstream:*"

// redisCommands is RedisUser's command rules, in the order they apply.
var redisCommands = []string{
	"-@all", "+@connection", "-@dangerous",
	"+multi", "+exec", "+discard",
	"+zadd", "+zcount", "+zrange", "+zremrangebyrank", "+pttl", "+pexpire",
	"+get", "+set", "+exists", "+del",
}

// writeSecureRedisConf writes a random password (0600) and a redis.conf
// (0600) that serves TLS only on port, with f's server pair, trusting f's
// CA for client certificates (optional, or required with mutual). The
// conf holds the password's SHA-256 alone, and nothing is on the command
// line.
func writeSecureRedisConf(dir string, port int, f *pki.Files, mutual bool) (conf, passwordFile string, err error) {
	pass := make([]byte, 24)
	if _, err := rand.Read(pass); err != nil {
		return "", "", fmt.Errorf("redis password: %w", err)
	}
	password := hex.EncodeToString(pass)
	passwordFile = filepath.Join(dir, RedisUser+".password")
	if err := os.WriteFile(passwordFile, []byte(password), 0o600); err != nil {
		return "", "", fmt.Errorf("redis password: %w", err)
	}
	sum := sha256.Sum256([]byte(password))
	clients := "optional"
	if mutual {
		clients = "yes"
	}
	lines := []string{
		"port 0", // no plaintext listener
		fmt.Sprintf("tls-port %d", port),
		"bind 127.0.0.1",
		"tls-cert-file " + f.ServerCert,
		"tls-key-file " + f.ServerKey,
		"tls-ca-cert-file " + f.CA,
		"tls-auth-clients " + clients,
		`save ""`,
		"appendonly no",
		"daemonize no",
		"user default off resetpass nocommands",
		fmt.Sprintf("user %s on #%s ~%s resetchannels %s", RedisUser, hex.EncodeToString(sum[:]),
			RedisKeyPattern, strings.Join(redisCommands, " ")),
	}
	conf = filepath.Join(dir, "redis.conf")
	if err := os.WriteFile(conf, []byte(strings.Join(lines, "\n")+"\n"), 0o600); err != nil {
		return "", "", fmt.Errorf("redis conf: %w", err)
	}
	return conf, passwordFile, nil
}

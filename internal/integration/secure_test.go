package integration

import (
	"context"
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/internal/launch"
	"github.com/txstream/txstream/internal/testenv"
)

// TestSecurePipeline runs txstream serve --role all against the SASL_SSL
// broker (TLS, a SCRAM-SHA-512 login, ACLs on the txstream prefix: every
// topic and group is named under it) and a redis-server on TLS with an ACL
// user and its password, with API keys on the services: a rate PUT and a
// transaction POSTed with a key are converted and completed, read back
// through the cache; a Kafka client and a Redis client without the logins
// are refused. It runs under KAFKA_SECURITY=sasl_ssl
// deploy/kafka/test-integration.sh ./internal/integration/ (make
// test-integration-secure) and skips elsewhere.
func TestSecurePipeline(t *testing.T) {
	k := testenv.SASLSSLKafka(t)
	r := testenv.StartSecureRedis(t, testenv.SecureRedisConfig{})
	keys := filepath.Join(t.TempDir(), "keys.jsonl")
	key := testenv.NewAPIKey(t, keys, "integration", auth.TransactionsWrite, auth.TransactionsRead, auth.RatesWrite)
	args := []string{"serve", "--role", "all", "--api-keys", keys,
		"--brokers", strings.Join(k.Brokers, ","), "--partitions", "2", "--data-dir", t.TempDir(),
		"--kafka-tls-ca", k.CAFile, "--kafka-sasl-mechanism", "SCRAM-SHA-512",
		"--kafka-sasl-user", k.Client.User, "--kafka-sasl-password-file", k.Client.PasswordFile,
		"--redis", r.Addr, "--redis-user", r.User, "--redis-password-file", r.PasswordFile, "--redis-tls-ca", r.PKI.CA,
		"--session-timeout", "6s", "--heartbeat-interval", "500ms", "--rebalance-timeout", "6s"}
	for _, name := range []string{"transactions", "conversions", "conversion-results", "rates", "dead-letter", "webhooks", "webhook-deliveries"} {
		args = append(args, "--topic-"+name, k.Topic(t, name))
	}
	for _, name := range []string{"transactions", "conversions", "status-log", "rates", "webhooks", "webhook-deliveries"} {
		args = append(args, "--group-"+name, k.Topic(t, "group-"+name))
	}
	p := testenv.Launch(t, launch.Options{Args: args})

	call := func(method, url, body string, out any) int {
		t.Helper()
		req, err := http.NewRequest(method, url, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", "Bearer "+key)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", method, url, err)
		}
		defer resp.Body.Close()
		if out != nil {
			_ = json.NewDecoder(resp.Body).Decode(out)
		}
		return resp.StatusCode
	}
	if code := call(http.MethodPut, p.URL(launch.Converter, "/rates/USD"), `{"rate":"1.25","date":"2024-07-01"}`, nil); code/100 != 2 {
		t.Fatalf("PUT /rates/USD: %d", code)
	}
	if code := call(http.MethodPost, p.URL(launch.Transaction, "/transactions"), `{"id":"secure-1","amount":"100.00","currency":"EUR","target_currency":"USD"}`, nil); code != http.StatusCreated {
		t.Fatalf("POST /transactions: %d", code)
	}
	var got struct{ Transaction struct{ Status string } }
	testenv.Eventually(t, 60*time.Second, func() bool {
		code := call(http.MethodGet, p.URL(launch.Transaction, "/transactions/secure-1?wait=5s"), "", &got)
		return code == http.StatusOK && got.Transaction.Status == "completed"
	}, "transaction secure-1 not completed: %+v\n%s", &got, p.Tail(20))

	t.Run("a Kafka client without the login is refused", func(t *testing.T) {
		cl, err := kgo.NewClient(kgo.SeedBrokers(k.Brokers...), kgo.DialTLSConfig(testenv.TrustOnly(t, k.CAFile)),
			kgo.RequestRetries(0), kgo.DialTimeout(5*time.Second))
		if err != nil {
			t.Fatal(err)
		}
		defer cl.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := cl.Ping(ctx); err == nil {
			t.Fatal("the broker answered a client without a SASL login")
		}
	})
	t.Run("a Redis client without the password is refused", func(t *testing.T) {
		o := r.Options(t)
		o.Username, o.Password = "", ""
		rdb := redis.NewClient(o)
		defer rdb.Close()
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := rdb.Get(ctx, "txstream:tx:secure-1").Err(); err == nil || err == redis.Nil {
			t.Fatalf("redis answered a client without a login: %v", err)
		}
	})
}

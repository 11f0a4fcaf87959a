package testenv

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/IBM/sarama"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/twmb/franz-go/pkg/sasl/scram"
	"github.com/txstream/txstream/internal/poll"
)

// secureTimeout bounds every exchange with the secure broker.
const secureTimeout = 30 * time.Second

// TestSecureKafkaRoundTrip: the txstream user, logged in with each mechanism
// over TLS, creates a topic under its prefix, produces a record and reads
// it back.
func TestSecureKafkaRoundTrip(t *testing.T) {
	k := SASLSSLKafka(t)
	for _, mech := range []SASLMechanism{SCRAMSHA512, PLAIN} {
		t.Run(string(mech), func(t *testing.T) {
			topic := k.Topic(t, "roundtrip")
			cl := k.NewClient(t, mech, k.Client, kgo.ConsumeTopics(topic),
				kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
			CreateTopic(t, cl, topic, 1)
			ctx, cancel := context.WithTimeout(context.Background(), secureTimeout)
			defer cancel()
			want := string(mech) + " over TLS"
			if err := cl.ProduceSync(ctx, &kgo.Record{Topic: topic, Value: []byte(want)}).FirstErr(); err != nil {
				t.Fatalf("produce as %s: %v", k.Client.User, err)
			}
			got := pollOne(ctx, t, cl)
			if string(got.Value) != want {
				t.Fatalf("read %q, want %q", got.Value, want)
			}
		})
	}
}

func pollOne(ctx context.Context, t *testing.T, cl *kgo.Client) *kgo.Record {
	t.Helper()
	for {
		fetches := cl.PollFetches(ctx)
		if err := ctx.Err(); err != nil {
			t.Fatalf("no record within %v", secureTimeout)
		}
		if errs := fetches.Errors(); len(errs) > 0 {
			t.Fatalf("fetch: %v", errs[0].Err)
		}
		if recs := fetches.Records(); len(recs) > 0 {
			return recs[0]
		}
	}
}

// TestSecureKafkaRefusesStrangers: a client must speak TLS and log in with a
// known user and its password, else the broker serves it nothing.
func TestSecureKafkaRefusesStrangers(t *testing.T) {
	k := SASLSSLKafka(t)
	wrong := scram.Auth{User: k.Client.User, Pass: "not-" + k.Client.Password(t)}.AsSha512Mechanism()
	tests := []struct {
		name string
		opts []kgo.Opt
		want error // nil: any error
	}{
		{"plaintext", nil, nil},
		{"TLS without SASL", []kgo.Opt{kgo.DialTLSConfig(TrustOnly(t, k.CAFile))}, nil},
		{"SASL without TLS", []kgo.Opt{kgo.SASL(wrong)}, nil},
		{"wrong password", []kgo.Opt{kgo.DialTLSConfig(TrustOnly(t, k.CAFile)), kgo.SASL(wrong)}, kerr.SaslAuthenticationFailed},
		{"untrusted CA", append(k.Opts(t, SCRAMSHA512, k.Client), kgo.DialTLSConfig(TrustOnly(t, TestPKI(t).CA))), nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cl, err := kgo.NewClient(append([]kgo.Opt{kgo.SeedBrokers(k.Brokers...), kgo.RequestRetries(0),
				kgo.DialTimeout(5 * time.Second)}, tc.opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			defer cl.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err = cl.Ping(ctx)
			if err == nil {
				t.Fatal("the broker answered a client it must refuse")
			}
			t.Logf("refused: %v", err)
			if tc.want != nil && !errors.Is(err, tc.want) {
				t.Fatalf("ping: %v, want %v", err, tc.want)
			}
		})
	}
}

// TestSecureKafkaACLs: the txstream user may not touch a topic outside its
// prefix, even one that exists, nor a group outside it, and the admin (a
// super user) may.
func TestSecureKafkaACLs(t *testing.T) {
	k := SASLSSLKafka(t)
	topic := Name(t, "outside-acl")
	admin := k.NewClient(t, SCRAMSHA512, k.Admin)
	CreateTopic(t, admin, topic, 1)
	ctx, cancel := context.WithTimeout(context.Background(), secureTimeout)
	defer cancel()
	if err := admin.ProduceSync(ctx, &kgo.Record{Topic: topic, Value: []byte("admin")}).FirstErr(); err != nil {
		t.Fatalf("produce as the admin: %v", err)
	}
	cl := k.NewClient(t, SCRAMSHA512, k.Client, kgo.RecordRetries(0))
	err := cl.ProduceSync(ctx, &kgo.Record{Topic: topic, Value: []byte("stranger")}).FirstErr()
	if !errors.Is(err, kerr.TopicAuthorizationFailed) {
		t.Fatalf("produce to %s as %s: %v, want %v", topic, k.Client.User, err, kerr.TopicAuthorizationFailed)
	}
	for user, want := range map[*kgo.Client]error{admin: nil, cl: kerr.GroupAuthorizationFailed} {
		if err := findCoordinator(ctx, user, Name(t, "outside-group")); !errors.Is(err, want) {
			t.Errorf("find the coordinator of a group outside the prefix: %v, want %v", err, want)
		}
	}
	if err := findCoordinator(ctx, cl, k.Topic(t, "group")); err != nil {
		t.Errorf("find the coordinator of a group under the prefix as %s: %v", k.Client.User, err)
	}
}

// findCoordinator asks for group's coordinator, which needs Describe on it,
// until the answer is other than COORDINATOR_NOT_AVAILABLE (a fresh broker
// creates its offsets topic on the first ask).
func findCoordinator(ctx context.Context, cl *kgo.Client, group string) error {
	var err error
	_ = poll.Until(ctx, 50*time.Millisecond, func() (bool, error) {
		err = findCoordinatorOnce(ctx, cl, group)
		return !errors.Is(err, kerr.CoordinatorNotAvailable), nil
	})
	return err
}

func findCoordinatorOnce(ctx context.Context, cl *kgo.Client, group string) error {
	req := kmsg.NewPtrFindCoordinatorRequest()
	req.CoordinatorKeys = []string{group}
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return err
	}
	if len(resp.Coordinators) != 1 {
		return kerr.ErrorForCode(resp.ErrorCode)
	}
	return kerr.ErrorForCode(resp.Coordinators[0].ErrorCode)
}

// TestSecureKafkaSarama: goka's client, sarama, logs in with SCRAM-SHA-512
// over TLS and lists the topics the txstream user may describe; with a
// wrong password it is refused.
func TestSecureKafkaSarama(t *testing.T) {
	k := SASLSSLKafka(t)
	topic := k.Topic(t, "sarama")
	CreateTopic(t, k.NewClient(t, SCRAMSHA512, k.Client), topic, 1)
	client, err := sarama.NewClient(k.Brokers, k.SaramaConfig(t, k.Client))
	if err != nil {
		t.Fatalf("sarama client: %v", err)
	}
	defer client.Close()
	// The broker's metadata names a new topic a moment after CreateTopics.
	var topics []string
	err = poll.Within(secureTimeout, 50*time.Millisecond, func() (bool, error) {
		if err := client.RefreshMetadata(); err != nil {
			return false, err
		}
		var listErr error
		topics, listErr = client.Topics()
		return slices.Contains(topics, topic), listErr
	})
	if err != nil {
		t.Fatalf("sarama lists %d topics without %s: %v", len(topics), topic, err)
	}

	cfg := k.SaramaConfig(t, k.Client)
	cfg.Net.SASL.Password = "not-" + cfg.Net.SASL.Password
	cfg.Metadata.Retry.Max = 0
	if c, err := sarama.NewClient(k.Brokers, cfg); err == nil {
		c.Close()
		t.Fatal("sarama logged in with a wrong password")
	}
}

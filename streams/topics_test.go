package streams_test

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/internal/testenv"
)

// TestDeadLetterTopicKeepsItsRecords: EnsureTopics creates the dead-letter
// topic with one partition and DeadLetterRetention, where goka's stream
// default would drop a dead letter after an hour.
func TestDeadLetterTopicKeepsItsRecords(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a broker")
	}
	cfg := testenv.StreamsConfig(t, 3) // EnsureTopics
	client, err := kgo.NewClient(kgo.SeedBrokers(cfg.Brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer client.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	res := kmsg.NewDescribeConfigsRequestResource()
	res.ResourceType = kmsg.ConfigResourceTypeTopic
	res.ResourceName = cfg.Topics.DeadLetter
	req := kmsg.NewPtrDescribeConfigsRequest()
	req.Resources = append(req.Resources, res)
	resp, err := req.RequestWith(ctx, client)
	if err != nil || len(resp.Resources) != 1 {
		t.Fatalf("describe %s: %v, %+v", cfg.Topics.DeadLetter, err, resp)
	}
	configs := map[string]string{}
	for _, c := range resp.Resources[0].Configs {
		if c.Value != nil {
			configs[c.Name] = *c.Value
		}
	}
	if want := strconv.FormatInt(cfg.DeadLetterRetention.Milliseconds(), 10); configs["retention.ms"] != want || configs["cleanup.policy"] != "delete" {
		t.Errorf("retention.ms %q, cleanup.policy %q; want %s, delete", configs["retention.ms"], configs["cleanup.policy"], want)
	}

	meta := kmsg.NewPtrMetadataRequest()
	topic := kmsg.NewMetadataRequestTopic()
	topic.Topic = kmsg.StringPtr(cfg.Topics.DeadLetter)
	meta.Topics = append(meta.Topics, topic)
	mresp, err := meta.RequestWith(ctx, client)
	if err != nil || len(mresp.Topics) != 1 || len(mresp.Topics[0].Partitions) != 1 {
		t.Errorf("metadata of %s: %v, %+v; want one partition", cfg.Topics.DeadLetter, err, mresp)
	}
}

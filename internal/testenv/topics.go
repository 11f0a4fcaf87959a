package testenv

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Topics reads the topics on brokers with their partition counts, without
// Kafka's internal ones (whose names start with "__").
func Topics(t testing.TB, brokers []string) map[string]int {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(brokers...))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	resp, err := kmsg.NewPtrMetadataRequest().RequestWith(ctx, cl)
	if err != nil {
		t.Fatalf("metadata of %v: %v", brokers, err)
	}
	counts := map[string]int{}
	for _, tp := range resp.Topics {
		if tp.Topic != nil && tp.ErrorCode == 0 && !strings.HasPrefix(*tp.Topic, "__") {
			counts[*tp.Topic] = len(tp.Partitions)
		}
	}
	return counts
}

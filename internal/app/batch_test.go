package app

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// TestBatchProducesEachItemOnce runs the whole write path (edge, actors,
// producer, an embedded broker): a batch of 100 puts 100 records on the
// transaction topic, the same batch again answers 100 replays and puts
// none, and a POST of one of its ids with another body is a conflict. It
// also counts the produce requests the broker got for the first batch;
// how the producer packs them depends on scheduling, so the count is
// logged, not asserted (DESIGN.md, "Batches").
func TestBatchProducesEachItemOnce(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a broker")
	}
	k := testenv.EmbeddedKafka(t)
	cfg := testConfig(t, nil, k.Brokers, "")
	var produces atomic.Int64 // produce requests that write the transaction topic
	var topicID atomic.Pointer[[16]byte]
	k.Cluster.ControlKey(int16(kmsg.Produce), func(req kmsg.Request) (kmsg.Response, error, bool) {
		k.Cluster.KeepControl()
		for _, topic := range req.(*kmsg.ProduceRequest).Topics {
			// kgo names a topic by its id (Produce v13), sarama by its name.
			if id := topicID.Load(); topic.Topic == cfg.Topics.Transactions || (id != nil && topic.TopicID == *id) {
				produces.Add(1)
			}
		}
		return nil, nil, false
	})
	a, err := New(context.Background(), ModeDev, cfg, Options{Log: discard()})
	if err != nil {
		t.Fatal(err)
	}
	start(t, a)
	testenv.Eventually(t, 60*time.Second, func() bool { return len(a.NotReady()) == 0 }, "ready")
	url := "http://" + a.Addresses().Transaction + "/transactions"
	items := make([]string, 100)
	for i := range items {
		items[i] = fmt.Sprintf(`{"id":"batch-%03d","amount":"%d.25","currency":"USD"}`, i, i+1)
	}
	body := `{"transactions":[` + strings.Join(items, ",") + `]}`

	sc := streams.DefaultConfig()
	sc.Brokers = cfg.Brokers
	admin := testenv.Admin(t, sc)
	topics, err := admin.ListTopics(context.Background(), cfg.Topics.Transactions)
	if err != nil {
		t.Fatal(err)
	}
	id := [16]byte(topics[cfg.Topics.Transactions].ID)
	topicID.Store(&id)
	before := produces.Load()
	expectBatch(t, url+"/batch", body, false)
	t.Logf("first batch of 100: %d produce requests on %d partitions", produces.Load()-before, cfg.Partitions)
	expectBatch(t, url+"/batch", body, true)
	if n := recordsOn(t, admin, cfg.Topics.Transactions); n != 100 {
		t.Fatalf("%d records on %s after the batch and its replay, want 100", n, cfg.Topics.Transactions)
	}
	resp, err := http.Post(url, "application/json", strings.NewReader(`{"id":"batch-007","amount":"1","currency":"EUR"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusConflict {
		t.Fatalf("POST of a batch's id with another body: %d, want 409", resp.StatusCode)
	}
}

// expectBatch posts body and checks that every item is 201, replayed or not.
func expectBatch(t *testing.T, url, body string, replayed bool) {
	t.Helper()
	resp, err := http.Post(url, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Results []struct {
			ID       string `json:"id"`
			Status   int    `json:"status"`
			Replayed bool   `json:"replayed"`
		} `json:"results"`
	}
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, &got); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("batch: %d %v %s", resp.StatusCode, err, raw)
	}
	if len(got.Results) != 100 {
		t.Fatalf("%d results, want 100", len(got.Results))
	}
	for i, r := range got.Results {
		if r.ID != fmt.Sprintf("batch-%03d", i) || r.Status != http.StatusCreated || r.Replayed != replayed {
			t.Fatalf("result %d: %+v, want 201 replayed %v", i, r, replayed)
		}
	}
}

// recordsOn is the number of records on topic: the sum of its end offsets.
func recordsOn(t *testing.T, admin *kadm.Client, topic string) int64 {
	t.Helper()
	ends, err := admin.ListEndOffsets(context.Background(), topic)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	ends.Each(func(o kadm.ListedOffset) { n += o.Offset })
	return n
}

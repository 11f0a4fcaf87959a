package streams_test

import (
	"testing"
	"time"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/storage"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/internal/testenv"
	"github.com/txstream/txstream/streams"
)

// updateAt is the goka.UpdateContext of a table record.
type updateAt struct {
	topic     string
	partition int32
	offset    int64
}

func (u updateAt) Topic() goka.Stream    { return goka.Stream(u.topic) }
func (u updateAt) Partition() int32      { return u.partition }
func (u updateAt) Offset() int64         { return u.offset }
func (u updateAt) Headers() goka.Headers { return goka.Headers{"trace": []byte("t1")} }
func (u updateAt) Timestamp() time.Time  { return time.Time{} }

// TestTableGuard: a recovered table record that cannot be read is removed
// from the local store and dead-lettered; one on another partition than
// its key's is not stored and dead-lettered; others are stored as goka
// stores them.
func TestTableGuard(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a broker")
	}
	cfg := testenv.StreamsConfig(t, 3)
	obs := testenv.NewCountingObserver()
	check := func(data []byte) error {
		_, err := streams.JSON[domain.Rate]{}.Decode(data)
		return err
	}
	guard := streams.NewTableGuard(cfg, cfg.Groups.Transactions, check, streams.Hooks{Observer: obs})
	defer guard.Close()
	st := storage.NewMemory()
	table := string(streams.Table(cfg.Groups.Transactions))
	at := func(key string, offset int64) updateAt {
		return updateAt{topic: table, partition: streams.PartitionOf([]byte(key), 3), offset: offset}
	}
	valid := []byte(`{"schema":1,"currency":"USD","rate":"1.1"}`)

	for _, step := range []struct {
		ctx   updateAt
		key   string
		value []byte
	}{
		{at("good", 0), "good", valid},
		{at("bad", 1), "bad", valid},
		{at("bad", 2), "bad", []byte("{not json")},
		{updateAt{topic: table, partition: (at("away", 0).partition + 1) % 3, offset: 3}, "away", valid},
	} {
		if err := guard.Update(step.ctx, st, step.key, step.value); err != nil {
			t.Fatalf("update %s: %v", step.key, err)
		}
	}
	for key, want := range map[string]bool{"good": true, "bad": false, "away": false} {
		if got, err := st.Has(key); err != nil || got != want {
			t.Errorf("stored %s: %v (%v), want %v", key, got, err, want)
		}
	}
	letters := testenv.ConsumeUntil(t, cfg.Brokers, cfg.Topics.DeadLetter, 30*time.Second,
		func(recs []*kgo.Record) bool { return len(recs) >= 2 })
	reasons := map[string]string{}
	for _, r := range letters {
		reasons[string(r.Key)] = string(testenv.Header(r, streams.HeaderDLQReason))
		if string(testenv.Header(r, "trace")) != "t1" || string(testenv.Header(r, streams.HeaderDLQTopic)) != table {
			t.Errorf("dead letter %s: headers %v", r.Key, r.Headers)
		}
	}
	if reasons["bad"] != string(streams.ReasonBadTableValue) || reasons["away"] != string(streams.ReasonWrongPartition) {
		t.Errorf("dead-letter reasons %v", reasons)
	}
	if n := obs.Count("dead_letter"); n != 2 {
		t.Errorf("%d dead letters observed, want 2", n)
	}
}

// TestTableCodecAbsent: a table value nobody can read decodes to nil, the
// absent entry, never to an error that goka would fail a processor with.
func TestTableCodecAbsent(t *testing.T) {
	c := streams.TableCodec[domain.Rate]{}
	for _, data := range [][]byte{[]byte("{not json"), []byte(`{"schema":99}`), {}} {
		v, err := c.Decode(data)
		if v != nil || err != nil {
			t.Errorf("Decode(%q) = %v, %v; want nil, nil", data, v, err)
		}
	}
	if v, err := c.Decode([]byte(`{"schema":1,"currency":"USD"}`)); err != nil || v.(*domain.Rate).Currency != "USD" {
		t.Errorf("Decode of a rate: %v, %v", v, err)
	}
}

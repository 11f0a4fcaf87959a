package conversions

import (
	"reflect"
	"testing"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
)

// TestDuplicateRewritesTable: goka writes the local table before the
// changelog record reaches Kafka, so after a kill -9 the local store can
// hold a conversion the changelog never got. The redelivered request must
// write the stored value again, or every view of the table misses it.
func TestDuplicateRewritesTable(t *testing.T) {
	tp := startTestProcessor(t)
	withTestRates(tp)
	changelog := tp.tt.NewQueueTracker(string(goka.GroupTable(goka.Group(tp.cfg.Groups.Conversions))))
	req := linked("tx-converge", "100.00", "EUR", "USD")
	tp.consume(req)
	first := *tp.stored(req.ID)
	for {
		if _, _, ok := changelog.Next(); !ok {
			break
		}
	}

	tp.consume(req)

	_, v, ok := changelog.Next()
	if !ok {
		t.Fatal("the redelivered request wrote nothing to the changelog")
	}
	got, err := codec{}.Decode(mustBytes(t, v))
	if err != nil {
		t.Fatalf("decode the changelog value: %v", err)
	}
	if c := *got.(*domain.Conversion); !reflect.DeepEqual(c, first) {
		t.Errorf("changelog got %+v, want the stored %+v", c, first)
	}
}

// mustBytes encodes a table value as goka writes it to the changelog.
func mustBytes(t *testing.T, v any) []byte {
	t.Helper()
	data, err := codec{}.Encode(v)
	if err != nil {
		t.Fatalf("encode %T: %v", v, err)
	}
	return data
}

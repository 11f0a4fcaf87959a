package streams

import (
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

// benchTransaction is a completed, converted transaction: the largest
// value the transactions table holds and the views decode on every change.
func benchTransaction() domain.Transaction {
	at := time.Date(2026, 11, 24, 23, 44, 2, 889779769, time.UTC)
	return domain.Transaction{
		Schema: domain.SchemaVersion, ID: "bench-0c4d5e6f-1234567", Amount: "100.00", Currency: "EUR",
		TargetCurrency: "USD", Fingerprint: "ccc69db1fe1ec0673b4622a33302572c", Status: domain.StatusCompleted,
		Version: 3, CreatedAt: at, UpdatedAt: at.Add(8 * time.Millisecond),
		Metadata: []byte(`{"channel":"web","customer":"c-4242"}`),
		Conversion: &domain.Conversion{
			Schema: domain.SchemaVersion, ID: "bench-0c4d5e6f-1234567", TransactionID: "bench-0c4d5e6f-1234567",
			Status: domain.StatusCompleted, Amount: "100.00", From: "EUR", To: "USD", ConvertedValue: "107.05",
			Rate: "1.0705", RateDate: "2024-06-28", RateSource: "ecb-sample", Rounding: domain.RoundingHalfEven,
			Fingerprint: "11d3b3816c670c8a524ee36e0547995f", RequestedAt: at.Add(2 * time.Millisecond),
			ConvertedAt: at.Add(5 * time.Millisecond),
		},
		History: []domain.StatusChange{
			{Version: 1, Status: domain.StatusReceived, At: at},
			{Version: 2, Status: domain.StatusConverting, At: at.Add(2 * time.Millisecond)},
			{Version: 3, Status: domain.StatusCompleted, At: at.Add(8 * time.Millisecond)},
		},
	}
}

func benchRequested() domain.TransactionRequested {
	return domain.TransactionRequested{
		Schema: domain.SchemaVersion, ID: "bench-0c4d5e6f-1234567", Amount: "100.00", Currency: "EUR",
		TargetCurrency: "USD", Metadata: []byte(`{"channel":"web","customer":"c-4242"}`),
		Fingerprint: "ccc69db1fe1ec0673b4622a33302572c", ReceivedAt: time.Date(2026, 11, 24, 23, 44, 2, 0, time.UTC),
	}
}

// BenchmarkJSONEncode is what every table write and emit costs to encode.
func BenchmarkJSONEncode(b *testing.B) {
	tx, ev, status := benchTransaction(), benchRequested(), domain.StatusEvent{
		Schema: domain.SchemaVersion, TransactionID: "bench-0c4d5e6f-1234567",
		StatusChange: domain.StatusChange{Version: 2, Status: domain.StatusConverting, At: time.Now()},
	}
	cases := []struct {
		name  string
		codec interface{ Encode(any) ([]byte, error) }
		value any
	}{
		{"transaction", JSON[domain.Transaction]{}, &tx},
		{"requested", JSON[domain.TransactionRequested]{}, &ev},
		{"status_event", JSON[domain.StatusEvent]{}, &status},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.codec.Encode(c.value); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkJSONDecode is what every table read, view update and input
// record costs to decode.
func BenchmarkJSONDecode(b *testing.B) {
	tx, ev := benchTransaction(), benchRequested()
	txData, err := JSON[domain.Transaction]{}.Encode(&tx)
	if err != nil {
		b.Fatal(err)
	}
	evData, err := JSON[domain.TransactionRequested]{}.Encode(&ev)
	if err != nil {
		b.Fatal(err)
	}
	cases := []struct {
		name  string
		codec interface{ Decode([]byte) (any, error) }
		data  []byte
	}{
		{"transaction", JSON[domain.Transaction]{}, txData},
		{"requested", JSON[domain.TransactionRequested]{}, evData},
		{"requested_lenient", Lenient[domain.TransactionRequested]{}, evData},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(c.data)))
			for b.Loop() {
				if _, err := c.codec.Decode(c.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

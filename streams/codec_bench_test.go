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

// benchStatusLog is the status-log table's value of benchTransaction.
func benchStatusLog() domain.StatusLog {
	tx := benchTransaction()
	return domain.StatusLog{Schema: domain.SchemaVersion, TransactionID: tx.ID, Entries: tx.History}
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
	tx, ev, log, status := benchTransaction(), benchRequested(), benchStatusLog(), domain.StatusEvent{
		Schema: domain.SchemaVersion, TransactionID: "bench-0c4d5e6f-1234567",
		StatusChange: domain.StatusChange{Version: 2, Status: domain.StatusConverting, At: time.Now()},
	}
	cases := []struct {
		name  string
		codec interface{ Encode(any) ([]byte, error) }
		value any
	}{
		{"transaction", JSON[domain.Transaction]{}, &tx},
		{"conversion", JSON[domain.Conversion]{}, tx.Conversion},
		{"status_log", JSON[domain.StatusLog]{}, &log},
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
	tx, ev, log := benchTransaction(), benchRequested(), benchStatusLog()
	txData := mustEncode(b, JSON[domain.Transaction]{}, &tx)
	convData := mustEncode(b, JSON[domain.Conversion]{}, tx.Conversion)
	logData := mustEncode(b, JSON[domain.StatusLog]{}, &log)
	evData := mustEncode(b, JSON[domain.TransactionRequested]{}, &ev)
	cases := []struct {
		name  string
		codec interface{ Decode([]byte) (any, error) }
		data  []byte
	}{
		{"transaction", JSON[domain.Transaction]{}, txData},
		{"conversion", JSON[domain.Conversion]{}, convData},
		{"status_log", JSON[domain.StatusLog]{}, logData},
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

func mustEncode(b *testing.B, codec interface{ Encode(any) ([]byte, error) }, value any) []byte {
	b.Helper()
	data, err := codec.Encode(value)
	if err != nil {
		b.Fatal(err)
	}
	return data
}

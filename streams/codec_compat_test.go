package streams

import (
	"bytes"
	stdjson "encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
)

// The codec must write the bytes encoding/json wrote before it and read
// what encoding/json wrote and read, so that records already in Kafka and
// LevelDB, and kcat or the seed's consumer, see no change. The one known
// difference: a timestamp with a comma before its fraction
// ("...:02,5Z"), which no txstream binary writes, is refused.

// oddTransaction holds what stresses escaping: HTML characters, control
// characters, U+2028, invalid UTF-8, metadata with spaces, a zone offset,
// a zero time, a failure with no history.
func oddTransaction() domain.Transaction {
	return domain.Transaction{
		Schema: domain.SchemaVersion, ID: "a<b>&c\u2028d\u2029\"q\\\x01\x7f", Amount: "1.00", Currency: "EUR",
		Fingerprint: "bad\xffutf8\xc3", Status: domain.StatusFailed, Reason: domain.ReasonConflict, Version: 1,
		Metadata:  []byte(`{ "a" : "<x>&" , "b":[1, 2.50e3 ,"\u00e9", null, true] , "c":{} }`),
		CreatedAt: time.Date(2026, 1, 2, 3, 4, 5, 600, time.FixedZone("", 5*3600+1800)),
		Conflicts: 4,
	}
}

func compatCorpus() map[string]any {
	tx, odd, log, ev := benchTransaction(), oddTransaction(), benchStatusLog(), benchRequested()
	failed := *tx.Conversion
	failed.Status, failed.Reason, failed.ConvertedValue, failed.Rate = domain.StatusFailed, domain.ReasonNoRate, "", ""
	cross := *tx.Conversion
	cross.RateLegs = []domain.RateLeg{{Currency: "USD", Rate: "1.0705", Date: "2024-06-28", Source: "ecb-import:<hist>.csv"},
		{Currency: "JPY", Rate: "171.94", Date: "2024-06-27", Source: "manual"}}
	at := tx.CreatedAt
	return map[string]any{
		"converted transaction": &tx,
		"odd transaction":       &odd,
		"empty transaction":     &domain.Transaction{History: []domain.StatusChange{}},
		"conversion":            tx.Conversion,
		"failed conversion":     &failed,
		"cross conversion":      &cross,
		"status log":            &log,
		"empty status log":      &domain.StatusLog{},
		"requested":             &ev,
		"requested without target": &domain.TransactionRequested{
			Schema: 1, ID: "x", Amount: "5", Currency: "JPY", Fingerprint: "f", ReceivedAt: at,
		},
		"status event": &domain.StatusEvent{Schema: 1, TransactionID: "t",
			StatusChange: domain.StatusChange{Version: 2, Status: domain.StatusFailed, Reason: domain.ReasonOverflow, At: at}},
		"conversion request": &domain.ConversionRequest{Schema: 1, ID: "c", Amount: "1.5", From: "USD", To: "JPY",
			TransactionID: "t", Fingerprint: "f", RequestedAt: at},
		"rate": &domain.Rate{Schema: 1, Currency: "USD", Base: "EUR", Rate: "1.0856", Date: "2026-11-20",
			Source: "ecb", UpdatedAt: at},
	}
}

// codecFor returns the JSON codec of value's type.
func codecFor(t *testing.T, value any) interface {
	Encode(any) ([]byte, error)
	Decode([]byte) (any, error)
} {
	switch value.(type) {
	case *domain.Transaction:
		return JSON[domain.Transaction]{}
	case *domain.Conversion:
		return JSON[domain.Conversion]{}
	case *domain.StatusLog:
		return JSON[domain.StatusLog]{}
	case *domain.TransactionRequested:
		return JSON[domain.TransactionRequested]{}
	case *domain.StatusEvent:
		return JSON[domain.StatusEvent]{}
	case *domain.ConversionRequest:
		return JSON[domain.ConversionRequest]{}
	case *domain.Rate:
		return JSON[domain.Rate]{}
	}
	t.Fatalf("no codec for %T", value)
	return nil
}

func stdMarshal(t *testing.T, value any) []byte {
	t.Helper()
	data, err := stdjson.Marshal(value)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestJSONWritesEncodingJSONBytes(t *testing.T) {
	for name, value := range compatCorpus() {
		t.Run(name, func(t *testing.T) {
			want := stdMarshal(t, value)
			got, err := codecFor(t, value).Encode(value)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Fatalf("codec wrote\n%s\nencoding/json wrote\n%s", got, want)
			}
		})
	}
}

func TestJSONReadsEncodingJSONBytes(t *testing.T) {
	for name, value := range compatCorpus() {
		t.Run(name, func(t *testing.T) {
			data := stdMarshal(t, value)
			want := reflect.New(reflect.TypeOf(value).Elem()).Interface()
			if err := stdjson.Unmarshal(data, want); err != nil {
				t.Fatal(err)
			}
			got, err := codecFor(t, value).Decode(data)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("codec read %+v\nencoding/json read %+v", got, want)
			}
		})
	}
}

// TestJSONReadsLikeEncodingJSON feeds both decoders what other writers
// could put on an input topic: they must agree on what fails and on what
// the rest decodes to.
func TestJSONReadsLikeEncodingJSON(t *testing.T) {
	inputs := map[string]string{
		"duplicate key":        `{"schema":1,"id":"a","id":"b"}`,
		"keys in another case": `{"schema":1,"ID":"a","Amount":"3","STATUS":"failed"}`,
		"unknown member":       `{"schema":1,"id":"a","unknown":{"x":[1,2]}}`,
		"invalid UTF-8":        "{\"schema\":1,\"id\":\"bad\xffutf\"}",
		"lone surrogate":       `{"schema":1,"id":"\ud800x"}`,
		"escaped status":       `{"status":"compl\u0065ted","reason":"no\u005frate"}`,
		"unknown status":       `{"status":"paused","reason":"strike"}`,
		"null status":          `{"status":null,"reason":null}`,
		"number status":        `{"status":1}`,
		"object reason":        `{"reason":{}}`,
		"python repr":          `{'id': '1', 'amount': 100}`,
		"number id":            `{"id":1}`,
		"fractional schema":    `{"schema":1.5}`,
		"quoted schema":        `{"schema":"1"}`,
		"trailing data":        `{"schema":1} x`,
		"trailing space":       "{\"schema\":1} \n",
		"trailing comma":       `{"schema":1,"id":"a",}`,
		"leading zero":         `{"schema":01}`,
		"empty":                ``,
		"null":                 `null`,
		"array":                `[]`,
		"time without zone":    `{"created_at":"2026-11-24 23:44:02"}`,
		"time with offset":     `{"history":[{"version":1,"status":"received","at":"2026-11-24T23:44:02.5+01:00"}]}`,
		"null time":            `{"created_at":null}`,
		"null metadata":        `{"metadata":null}`,
		"array metadata":       `{"metadata":[1, 2]}`,
		"null history":         `{"history":null}`,
		"nested conversion":    `{"conversion":{"id":"c","status":"failed","reason":"overflow"}}`,
	}
	for name, in := range inputs {
		t.Run(name, func(t *testing.T) {
			want := new(domain.Transaction)
			wantErr := stdjson.Unmarshal([]byte(in), want)
			got, err := JSON[domain.Transaction]{}.Decode([]byte(in))
			if (err == nil) != (wantErr == nil) {
				t.Fatalf("codec error %v, encoding/json error %v", err, wantErr)
			}
			if err == nil && !reflect.DeepEqual(got, want) {
				t.Fatalf("codec read %+v\nencoding/json read %+v", got, want)
			}
		})
	}
}

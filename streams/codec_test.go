package streams

import (
	"errors"
	"testing"

	"github.com/txstream/txstream/domain"
)

func TestJSONRoundTrip(t *testing.T) {
	c := JSON[domain.Rate]{}
	in := domain.Rate{Schema: 1, Currency: "USD", Base: "EUR", Rate: "1.0856", Date: "2026-11-20", Source: "ecb"}
	for name, value := range map[string]any{"value": in, "pointer": &in} {
		t.Run(name, func(t *testing.T) {
			data, err := c.Encode(value)
			if err != nil {
				t.Fatalf("encode: %v", err)
			}
			out, err := c.Decode(data)
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			if got := *out.(*domain.Rate); got != in {
				t.Fatalf("round trip gave %+v, want %+v", got, in)
			}
		})
	}
}

func TestJSONRefuses(t *testing.T) {
	c := JSON[domain.Rate]{}
	if _, err := c.Encode("not a rate"); !errors.Is(err, ErrCodecType) {
		t.Errorf("encode of a string: %v, want ErrCodecType", err)
	}
	if _, err := c.Decode([]byte(`{"schema":2,"currency":"USD"}`)); !errors.Is(err, ErrSchemaTooNew) {
		t.Errorf("decode of schema 2: %v, want ErrSchemaTooNew", err)
	}
	if _, err := c.Decode([]byte(`{'id': '1'}`)); err == nil {
		t.Error("decode of a Python repr succeeded")
	}
}

func TestLenientNeverFails(t *testing.T) {
	c := Lenient[domain.TransactionRequested]{}
	cases := map[string]struct {
		data      string
		malformed bool
	}{
		"valid":               {`{"schema":1,"id":"a","amount":"1.00","currency":"USD"}`, false},
		"schema 0 (foreign)":  {`{"id":"a","amount":"1.00","currency":"USD"}`, false},
		"seed's python repr":  {`{'id': '1', 'amount': 100}`, true},
		"newer schema":        {`{"schema":9,"id":"a"}`, true},
		"empty":               {``, true},
		"wrong type of field": {`{"id":1}`, true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			v, err := c.Decode([]byte(tc.data))
			if err != nil {
				t.Fatalf("lenient decode failed: %v", err)
			}
			m, isMalformed := v.(*Malformed)
			if isMalformed != tc.malformed {
				t.Fatalf("malformed = %v, want %v (value %#v)", isMalformed, tc.malformed, v)
			}
			if isMalformed && (string(m.Raw) != tc.data || m.Err == nil) {
				t.Fatalf("malformed keeps raw %q and err %v", m.Raw, m.Err)
			}
		})
	}
}

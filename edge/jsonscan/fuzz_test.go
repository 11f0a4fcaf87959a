package jsonscan

import (
	"encoding/json"
	"testing"
)

// FuzzOpenObject checks the scanner against encoding/json on any input.
// Invariants: it never panics; on a valid JSON object, Members yields each
// member in order, without Malformed, and when DuplicateKey finds no
// duplicate the names and values are those encoding/json reads.
func FuzzOpenObject(f *testing.F) {
	for _, seed := range []string{`{}`, `{"a":1,"b":"x"}`, `{"\u0061":[1,{"a":2}],"b":null}`, `{"a":1,"a":2}`, `{"a":"\"}"}`, ` { "a" : true } `, `[1]`, `{"a"`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, ok := OpenObject(raw)
		names := map[string]json.RawMessage{}
		n := 0
		for ok && m.Next() {
			names[string(m.Name())] = append(json.RawMessage(nil), m.Value()...)
			n++
		}
		DuplicateKey(raw) // must not panic either
		var want map[string]json.RawMessage
		if !json.Valid(raw) || json.Unmarshal(raw, &want) != nil || want == nil { // nil: JSON null
			return
		}
		if !ok || m.Malformed() {
			t.Fatalf("a valid object %q not walked to its end", raw)
		}
		if _, dup := DuplicateKey(raw); dup {
			return
		}
		if n != len(want) || len(names) != len(want) {
			t.Fatalf("%q: %d members, encoding/json reads %d", raw, n, len(want))
		}
		for k, v := range want {
			if string(names[k]) != string(v) {
				t.Fatalf("%q: member %q is %s, encoding/json reads %s", raw, k, names[k], v)
			}
		}
	})
}

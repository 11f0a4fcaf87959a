package edge

import (
	"reflect"
	"testing"
)

// FuzzDecodeBatch checks DecodeBatch on any body. Invariants:
//   - it never panics;
//   - every refusal is a *RequestError whose code is a 4xx of the catalog;
//   - an accepted envelope has at most the limit of items, and each item
//     decodes alone exactly as it does inside the envelope (the batch
//     judges items as POST bodies, nothing more).
func FuzzDecodeBatch(f *testing.F) {
	for _, s := range transactionSeeds {
		f.Add([]byte(`{"transactions":[` + s + `]}`))
	}
	f.Add([]byte(`{"transactions":[` + transactionSeeds[0] + `,` + transactionSeeds[1] + `]}`))
	f.Add([]byte(`{"transactions":[1,,2]}`))
	f.Add([]byte(`{"transactions":{}}`))
	const limit = 4
	f.Fuzz(func(t *testing.T, body []byte) {
		items, err := DecodeBatch(body, limit)
		if err != nil {
			checkRefusal(t, err)
			return
		}
		if len(items) > limit {
			t.Fatalf("%d items past the limit %d", len(items), limit)
		}
		for _, raw := range items {
			alone := append([]byte(nil), raw...)
			ev1, err1 := DecodeTransaction(raw, fixedNow)
			ev2, err2 := DecodeTransaction(alone, fixedNow)
			if !reflect.DeepEqual(ev1, ev2) || (err1 == nil) != (err2 == nil) {
				t.Fatalf("item %q decodes differently alone", raw)
			}
		}
	})
}

// FuzzDecodeTransactionFor checks the PUT decoder against the POST one:
// a body accepted for a path id is the POST body with that id, and an id
// in the body other than the path's is always id_mismatch or refused.
func FuzzDecodeTransactionFor(f *testing.F) {
	for _, s := range transactionSeeds {
		f.Add([]byte(s), "tx-1")
	}
	f.Fuzz(func(t *testing.T, body []byte, id string) {
		if pathID(id) != nil {
			return
		}
		ev, err := DecodeTransactionFor(id, body, fixedNow)
		if err != nil {
			checkRefusal(t, err)
			return
		}
		if ev.ID != id {
			t.Fatalf("event id %q for path id %q", ev.ID, id)
		}
		post, err := DecodeTransaction(body, fixedNow)
		if err == nil && !reflect.DeepEqual(ev, post) {
			t.Fatalf("PUT and POST of a body naming the id differ:\n%+v\n%+v", ev, post)
		}
	})
}

package jsonscan

import (
	"strconv"
	"strings"
	"testing"
)

func TestMembers(t *testing.T) {
	m, ok := OpenObject([]byte(" {\"a\":1, \"\\u0062\" : [1,{\"c\":\"}\"}] ,\"d\":null}\n"))
	if !ok {
		t.Fatal("an object not opened")
	}
	var got []string
	for m.Next() {
		got = append(got, string(m.Name())+"="+string(m.Value()))
	}
	want := []string{`a=1`, `b=[1,{"c":"}"}]`, `d=null`}
	if m.Malformed() || strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("members %q (malformed %v), want %q", got, m.Malformed(), want)
	}
	if _, ok := OpenObject([]byte(`[1]`)); ok {
		t.Fatal("an array opened as an object")
	}
	bad, _ := OpenObject([]byte(`{"a" 1}`))
	if bad.Next() || !bad.Malformed() {
		t.Fatal("a member without a colon was read")
	}
}

func TestKindOfAndStringValue(t *testing.T) {
	kinds := map[string]Kind{`"x"`: String, `-1`: Number, `{}`: Object, `[]`: Array, `true`: Bool, `null`: Null, ``: Invalid, `x`: Invalid}
	for raw, want := range kinds {
		if got := KindOf([]byte(raw)); got != want {
			t.Errorf("KindOf(%q) = %d, want %d", raw, got, want)
		}
	}
	if got := StringValue([]byte(`"a\u00e9\n"`)); got != "aé\n" {
		t.Fatalf("StringValue unescaped %q", got)
	}
}

func TestDuplicateKeyManyKeys(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{`)
	for i := range 40 {
		b.WriteString(`"k` + strconv.Itoa(i) + `":1,`)
	}
	b.WriteString(`"k1":2}`)
	if key, dup := DuplicateKey([]byte(b.String())); !dup || key != "k1" {
		t.Fatalf("duplicate in a long object: %q %v", key, dup)
	}
	if _, dup := DuplicateKey([]byte(`{"a":{"a":1},"b":[{"a":1},{"a":1}]}`)); dup {
		t.Fatal("same key in different objects is not a duplicate")
	}
	if key, dup := DuplicateKey([]byte(`[{"x":[{"\u006b":1,"k":2}]}]`)); !dup || key != "k" {
		t.Fatalf("duplicate through an escape, deep in arrays: %q %v", key, dup)
	}
}

package testenv

import (
	"bytes"
	"testing"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/tester"

	"github.com/txstream/txstream/streams"
)

// DeadLetterCase is a record a processor must refuse: Raw (nil for a
// tombstone) under Key, dead-lettered for Reason.
type DeadLetterCase struct {
	Name, Key string
	Raw       []byte
	Reason    string
}

// CheckDeadLetter reads the next record of a tester's dead-letter topic
// and checks that it is c's record as it came, for c's reason. It returns
// the dead letter's headers.
func CheckDeadLetter(t testing.TB, letters *tester.QueueTracker, c DeadLetterCase) goka.Headers {
	t.Helper()
	headers, key, value, ok := letters.NextRawWithHeaders()
	if !ok || key != c.Key || !bytes.Equal(value, c.Raw) || (c.Raw == nil) != (value == nil) {
		t.Fatalf("dead letter %q = %q (%v), want %q = %q", key, value, ok, c.Key, c.Raw)
	}
	if got := string(headers[streams.HeaderDLQReason]); got != c.Reason {
		t.Errorf("dead letter reason %q, want %q", got, c.Reason)
	}
	return headers
}

package streams

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestClassifyProduce: what kgo's promise says of a record of the
// idempotent producer decides between not written and outcome unknown
// (the comment of classifyProduce says why).
func TestClassifyProduce(t *testing.T) {
	cases := []struct {
		name    string
		err     error
		unknown bool
	}{
		{"the record's context, failed while buffered", context.DeadlineExceeded, false},
		{"canceled while buffered", context.Canceled, false},
		{"delivery timeout", kgo.ErrRecordTimeout, false},
		{"retries spent", kgo.ErrRecordRetries, false},
		{"refused, retriable", kerr.NotEnoughReplicas, false},
		{"refused for good", fmt.Errorf("%w (uncompressed_bytes=1)", kerr.MessageTooLarge), false},
		{"no connection before the write", io.EOF, false},
		{"closed under the record", kgo.ErrClientClosed, true},
		{"sequence broken", kerr.OutOfOrderSequenceNumber, true},
		{"producer id unknown", kerr.UnknownProducerID, true},
		{"broker timed out", kerr.RequestTimedOut, true},
		{"appended, too few replicas", kerr.NotEnoughReplicasAfterAppend, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := classifyProduce("topic", "key", tc.err)
			if !errors.Is(err, tc.err) {
				t.Fatalf("%v does not wrap %v", err, tc.err)
			}
			if errors.Is(err, ErrOutcomeUnknown) != tc.unknown || errors.Is(err, ErrNotWritten) == tc.unknown {
				t.Fatalf("%v: unknown %v, want %v", err, errors.Is(err, ErrOutcomeUnknown), tc.unknown)
			}
		})
	}
	if err := classifyProduce("topic", "key", nil); err != nil {
		t.Fatalf("an acknowledged record: %v", err)
	}
}

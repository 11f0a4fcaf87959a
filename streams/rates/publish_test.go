package rates

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/IBM/sarama"
	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"
)

var errBroker = errors.New("broker says no")

// fakeEmitter acknowledges records as told: refuse fails Emit itself for
// that key, fail fails its acknowledgement, hold never acknowledges.
type fakeEmitter struct {
	refuse, fail, hold string
	keys               []string
	pending            []goka.PromiseFinisher
}

func (f *fakeEmitter) Emit(key string, msg any) (*goka.Promise, error) {
	if _, ok := msg.(*domain.Rate); !ok {
		return nil, errors.New("not a rate")
	}
	if key == f.refuse {
		return nil, errBroker
	}
	f.keys = append(f.keys, key)
	p, finish := goka.NewPromiseWithFinisher()
	switch key {
	case f.hold:
		f.pending = append(f.pending, finish)
		return p, nil
	case f.fail:
		return finish(nil, errBroker), nil
	}
	return finish(&sarama.ProducerMessage{}, nil), nil
}

func threeRates() []domain.Rate {
	return []domain.Rate{
		rate("USD", "1.0705", "2024-06-28", t0),
		rate("JPY", "171.94", "2024-06-28", t0),
		rate("GBP", "0.84638", "2024-06-28", t0),
	}
}

func TestPublishFailures(t *testing.T) {
	cases := []struct {
		name     string
		em       *fakeEmitter
		emitted  int // records handed to the emitter
		progress int // last done reported
		mention  string
	}{
		{"all acknowledged", &fakeEmitter{}, 3, 3, ""},
		{"emit refused stops the rest", &fakeEmitter{refuse: "JPY"}, 1, 1, "JPY"},
		{"failed acknowledgement", &fakeEmitter{fail: "JPY"}, 3, 2, "1 of 3 failed"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			last := 0
			err := Publish(context.Background(), tc.em, threeRates(), func(done, total int) { last = done })
			if tc.mention == "" && err != nil {
				t.Fatalf("Publish: %v", err)
			}
			if tc.mention != "" && (!errors.Is(err, errBroker) || !strings.Contains(err.Error(), tc.mention)) {
				t.Fatalf("Publish = %v; want errBroker mentioning %q", err, tc.mention)
			}
			if len(tc.em.keys) != tc.emitted || last != tc.progress {
				t.Errorf("emitted %v, last progress %d; want %d emitted, progress %d", tc.em.keys, last, tc.emitted, tc.progress)
			}
		})
	}
}

// TestPublishGivesUpWithContext: a broker that never acknowledges holds
// Publish only until ctx ends.
func TestPublishGivesUpWithContext(t *testing.T) {
	em := &fakeEmitter{hold: "GBP"}
	ctx, cancel := context.WithCancel(context.Background())
	progressed := 0
	err := Publish(ctx, em, threeRates(), func(done, total int) {
		progressed = done
		if done == 2 {
			cancel() // USD and JPY are in; GBP never will be
		}
	})
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "2 of 3") {
		t.Fatalf("Publish = %v; want context.Canceled after 2 of 3", err)
	}
	if progressed != 2 {
		t.Errorf("progress reached %d, want 2", progressed)
	}
	// A late acknowledgement must not block or panic.
	for _, finish := range em.pending {
		finish(&sarama.ProducerMessage{}, nil)
	}
}

func TestPublishStopsEmittingOnCancelledContext(t *testing.T) {
	em := &fakeEmitter{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := Publish(ctx, em, threeRates(), nil)
	if !errors.Is(err, context.Canceled) || len(em.keys) != 0 {
		t.Fatalf("Publish = %v after emitting %v; want context.Canceled and nothing emitted", err, em.keys)
	}
}

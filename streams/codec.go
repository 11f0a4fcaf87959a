package streams

import (
	"fmt"

	"github.com/segmentio/encoding/json"

	"github.com/txstream/txstream/domain"
)

// JSON is the goka codec of the values txstream writes itself (tables and
// its own topics): plain JSON that kcat or the seed's consumer can read. It
// decodes to *T and encodes T or *T. A value whose schema is newer than this
// binary knows is refused rather than misread.
//
// The codec uses github.com/segmentio/encoding/json rather than
// encoding/json: it writes the same bytes (HTML escaping, invalid UTF-8
// replaced, raw metadata compacted) and reads what encoding/json reads (keys
// matched without case, unknown members ignored, the last duplicate wins),
// while decoding and encoding faster and with fewer allocations
// (BENCHMARKS.md, "Microbenchmarks"). goccy/go-json and
// json-iterator keep invalid UTF-8 as it came; sonic's encoding/json-
// compatible mode was slower and is a JIT. codec_compat_test.go holds the
// library to encoding/json's bytes.
type JSON[T any] struct{}

// Encode marshals a T or *T.
func (JSON[T]) Encode(value any) ([]byte, error) {
	switch v := value.(type) {
	case *T:
		return json.Marshal(v)
	case T:
		return json.Marshal(&v)
	default:
		return nil, fmt.Errorf("%w: %T", ErrCodecType, value)
	}
}

// Decode unmarshals into a new *T.
func (JSON[T]) Decode(data []byte) (any, error) {
	v := new(T)
	if err := json.Unmarshal(data, v); err != nil {
		return nil, fmt.Errorf("decode %T: %w", v, err)
	}
	if versioned, ok := any(v).(domain.Versioned); ok && versioned.SchemaOf() > domain.SchemaVersion {
		return nil, fmt.Errorf("%w: %d, this binary reads up to %d", ErrSchemaTooNew, versioned.SchemaOf(), domain.SchemaVersion)
	}
	return v, nil
}

// Malformed stands for an input value that could not be decoded. Input
// topics can be written by any Kafka client, so a bad value must become a
// recorded failure (and a dead letter), never a stopped processor.
type Malformed struct {
	Raw []byte
	Err error
}

// Error is the decoder's message: a *Malformed is also the error of a
// value that did not decode.
func (m *Malformed) Error() string { return m.Err.Error() }

// Unwrap gives the decoder's error, for errors.Is (ErrSchemaTooNew).
func (m *Malformed) Unwrap() error { return m.Err }

// Lenient decodes input values like JSON[T] but never fails: what it cannot
// read it returns as *Malformed, holding data itself (not a copy: the
// handler owns the bytes Input handed it).
type Lenient[T any] struct{ JSON[T] }

// Decode returns *T or *Malformed.
func (c Lenient[T]) Decode(data []byte) (any, error) {
	v, err := c.JSON.Decode(data)
	if err != nil {
		return &Malformed{Raw: data, Err: err}, nil
	}
	return v, nil
}

// Input is the goka codec of input topics. Decode hands the callback the
// value as it came, which the callback decodes (Lenient) once
// DeadLetters.Admit let it through: a record the processor cannot apply is
// dead-lettered byte for byte, so the bytes must reach the callback, and
// goka gives a callback only what its codec decoded. Decoding in the
// callback instead of the codec costs nothing more (the bytes are
// sarama's, not copied). Encode writes a T as JSON[T] does, for tools and
// tests that emit to the topic, and passes []byte through.
type Input[T any] struct{ JSON[T] }

// Decode returns data, as it is.
func (Input[T]) Decode(data []byte) (any, error) { return data, nil }

// Encode accepts []byte, T and *T.
func (c Input[T]) Encode(value any) ([]byte, error) {
	if data, ok := value.([]byte); ok {
		return data, nil
	}
	return c.JSON.Encode(value)
}

// TableCodec is the codec of group tables for every reader: the owning
// processor, a Lookup, a view. A value it cannot read (garbage written by
// another client, a newer schema) decodes to nil, which goka and every
// reader take for an absent entry, where an error would make goka fail the
// processor at every restart. The owning processor dead-letters such a
// value when it recovers it (TableGuard).
type TableCodec[T any] struct{ JSON[T] }

// Decode returns *T, or nil for a value it cannot read.
func (c TableCodec[T]) Decode(data []byte) (any, error) {
	v, err := c.JSON.Decode(data)
	if err != nil {
		return nil, nil
	}
	return v, nil
}

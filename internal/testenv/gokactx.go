package testenv

import (
	"testing"

	"github.com/lovoo/goka"
)

// GokaContext is what the processors' callbacks use of goka.Context, over
// maps of encoded values and a group graph's codecs, so that a benchmark
// measures a callback without goka, Kafka or LevelDB but with the encoding
// and decoding that goka's Context does around it. Any other method panics
// on the nil embedded interface.
type GokaContext struct {
	gokaContext
	tb      testing.TB
	key     string
	inputs  map[string]goka.Codec
	outputs map[string]goka.Codec
	table   *encodedTable
	// Emits counts the messages emitted, encoded and dropped.
	Emits int
}

// gokaContext names the embedded interface, whose field could not be
// called Context beside its method Context.
type gokaContext = goka.Context

// encodedTable is a table as goka stores it: values encoded with codec.
type encodedTable struct {
	codec  goka.Codec
	values map[string][]byte
}

// NewGokaContext returns an empty context for the callbacks of g.
func NewGokaContext(tb testing.TB, g *goka.GroupGraph) *GokaContext {
	c := &GokaContext{tb: tb, table: newEncodedTable(g.GroupTable().Codec()),
		inputs: map[string]goka.Codec{}, outputs: map[string]goka.Codec{}}
	for _, in := range g.InputStreams() {
		c.inputs[in.Topic()] = in.Codec()
	}
	for _, out := range g.OutputStreams() {
		c.outputs[out.Topic()] = out.Codec()
	}
	return c
}

// Deliver decodes value with the codec of the input topic and calls cb with
// it under key, as goka does with a message.
func (c *GokaContext) Deliver(topic, key string, value []byte, cb goka.ProcessCallback) {
	msg, err := c.inputs[topic].Decode(value)
	if err != nil {
		c.tb.Fatal(err)
	}
	c.key = key
	cb(c, msg)
}

// Stored is the encoded value of key in the group table, nil if none.
func (c *GokaContext) Stored(key string) []byte { return c.table.values[key] }

func (c *GokaContext) Key() string { return c.key }

// Partition is 0: configurations for the fake have one partition per topic
// (TesterConfig), as goka's tester does.
func (c *GokaContext) Partition() int32 { return 0 }

func (c *GokaContext) Topic() goka.Stream { return "" }

func (c *GokaContext) Offset() int64 { return 0 }

func (c *GokaContext) Headers() goka.Headers { return nil }

func (c *GokaContext) Value() any { return c.table.get(c.key) }

func (c *GokaContext) SetValue(value any, _ ...goka.ContextOption) {
	data, err := c.table.codec.Encode(value)
	if err != nil {
		panic(err)
	}
	c.table.values[c.key] = data
}

func (c *GokaContext) Emit(topic goka.Stream, _ string, value any, _ ...goka.ContextOption) {
	if _, err := c.outputs[string(topic)].Encode(value); err != nil {
		panic(err)
	}
	c.Emits++
}

func (c *GokaContext) Fail(err error) { panic(err) }

func newEncodedTable(codec goka.Codec) *encodedTable {
	return &encodedTable{codec: codec, values: map[string][]byte{}}
}

func (t *encodedTable) get(key string) any {
	data := t.values[key]
	if data == nil {
		return nil
	}
	v, err := t.codec.Decode(data)
	if err != nil {
		panic(err)
	}
	return v
}

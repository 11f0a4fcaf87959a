package transactions

import (
	"github.com/lovoo/goka"

	"github.com/txstream/txstream/streams"
)

// Processor is a member of the group (see streams.Processor).
type Processor = streams.Processor

// New builds a processor with the options of cfg followed by extra, so
// extra overrides them (goka.WithTester(tt) replaces every client and the
// storage). It checks cfg first; with the real builders it contacts the
// brokers to create or check the topics.
func New(cfg streams.Config, o Options, extra ...goka.ProcessorOption) (*Processor, error) {
	return streams.NewProcessor(cfg, "transactions processor", Graph(cfg, o), extra...)
}

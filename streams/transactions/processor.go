package transactions

import (
	"github.com/lovoo/goka"

	"github.com/txstream/txstream/domain"

	"github.com/txstream/txstream/streams"
)

// Processor is a member of the group (see streams.Processor).
type Processor = streams.Processor

// New builds a processor with the options of cfg followed by extra, so
// extra overrides them (goka.WithTester(tt) replaces every client and the
// storage). It checks cfg first; with the real builders it contacts the
// brokers to create or check the topics.
func New(cfg streams.Config, o Options, extra ...goka.ProcessorOption) (*Processor, error) {
	guard := streams.NewTableGuard(cfg, cfg.Groups.Transactions, checkTable, o)
	return streams.NewProcessor(cfg, "transactions processor", Graph(cfg, o), guard, extra...)
}

// checkTable says why a value of the table cannot be read, nil when it can.
func checkTable(data []byte) error {
	_, err := streams.JSON[domain.Transaction]{}.Decode(data)
	return err
}

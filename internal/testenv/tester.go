package testenv

import (
	"context"
	"testing"

	"github.com/lovoo/goka"
	"github.com/lovoo/goka/tester"

	"github.com/txstream/txstream/streams"
)

// TesterConfig is the default streams configuration with one partition
// per topic, which is what goka's tester has: processors refuse a key
// that does not hash to the partition it came on.
func TesterConfig() streams.Config {
	cfg := streams.DefaultConfig()
	cfg.Partitions = 1
	cfg.RatesPartitions = 1
	return cfg
}

// OnTester builds a processor with newProcessor on a new goka tester and
// runs it until the test or benchmark ends. The processor stores its table
// in the production storage (LevelDB in memory), not in goka's memory
// storage, which re-sorts its keys at every new key and would dominate a
// benchmark. It returns the tester, caught up, and a raw producer that
// feeds the tester values encoded beforehand.
func OnTester[P interface{ Run(context.Context) error }](tb testing.TB, cfg streams.Config,
	newProcessor func(tt *tester.Tester, opts ...goka.ProcessorOption) (P, error)) (*tester.Tester, goka.Producer) {
	tb.Helper()
	tt := tester.New(tb)
	p, err := newProcessor(tt, goka.WithTester(tt), goka.WithStorageBuilder(cfg.StorageBuilder("bench")))
	if err != nil {
		tb.Fatalf("new processor: %v", err)
	}
	Run(tb, "run", p.Run)
	tt.Catchup()
	prod, err := tt.ProducerBuilder()(nil, "bench", nil)
	if err != nil {
		tb.Fatal(err)
	}
	return tt, prod
}

package main

import (
	"path/filepath"

	"github.com/lovoo/goka"

	"github.com/txstream/txstream/streams"
)

// perGroupStorage gives each processor its own table directory,
// StorageDir/processor/<group>. streams.Config.ProcessorOptions puts every
// processor under StorageDir/processor, and goka names a partition's
// directory after its topic alone: the conversions processor's Lookup of
// rates-table and the rates processor's own rates-table then open the same
// LevelDB and the second fails on its lock. In memory there is nothing to
// share, so the option changes nothing there.
func perGroupStorage(sc streams.Config) goka.ProcessorOption {
	return perGroup(func(group string) goka.ProcessorOption {
		return goka.WithStorageBuilder(sc.StorageBuilder(filepath.Join("processor", group)))
	})
}

// perGroup builds a processor option that knows the group of the processor
// it is applied to. goka hands every option the processor's graph; F is
// goka.ProcessorOption, whose first parameter is goka's unexported options
// type, which inference names O so that the wrapper can pass it along.
func perGroup[F ~func(O, *goka.GroupGraph), O any](build func(group string) F) F {
	return func(o O, gg *goka.GroupGraph) { build(string(gg.Group()))(o, gg) }
}

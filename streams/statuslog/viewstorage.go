package statuslog

import (
	"github.com/lovoo/goka/storage"
	"github.com/syndtr/goleveldb/leveldb/opt"

	"github.com/txstream/txstream/streams"
)

// viewStorage builds the index's view partitions on LevelDB, on disk under
// dir or in memory (see streams.LevelDB for why not goka's memory storage).
func viewStorage(dir string) storage.Builder {
	return streams.LevelDB(dir, viewPartitionOptions)
}

// viewPartitionOptions keep the caches of each of the (many) partitions
// small: a view serves point reads of single histories.
var viewPartitionOptions = &opt.Options{
	WriteBuffer:        1 << 20,
	BlockCacheCapacity: 1 << 20,
}

package statuslog

import (
	"fmt"
	"path/filepath"

	"github.com/lovoo/goka/storage"
	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/opt"
	ldbstorage "github.com/syndtr/goleveldb/leveldb/storage"
)

// viewStorage builds the index's view partitions on LevelDB, on disk under
// dir or in memory. goka's own memory storage is not used: it re-sorts all
// its keys on every new key, which is quadratic at a million transactions.
func viewStorage(dir string) storage.Builder {
	return func(topic string, partition int32) (storage.Storage, error) {
		var (
			db  *leveldb.DB
			err error
		)
		if dir == "" {
			db, err = leveldb.Open(ldbstorage.NewMemStorage(), viewPartitionOptions)
		} else {
			db, err = leveldb.OpenFile(filepath.Join(dir, fmt.Sprintf("%s.%d", topic, partition)), viewPartitionOptions)
		}
		if err != nil {
			return nil, fmt.Errorf("open view storage of %s/%d: %w", topic, partition, err)
		}
		return storage.New(db)
	}
}

// viewPartitionOptions keep the caches of each of the (many) partitions
// small: a view serves point reads of single histories.
var viewPartitionOptions = &opt.Options{
	WriteBuffer:        1 << 20,
	BlockCacheCapacity: 1 << 20,
}

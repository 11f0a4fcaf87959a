package streams

import (
	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/opt"
	ldbstorage "github.com/syndtr/goleveldb/leveldb/storage"
)

// OpenLevelDB opens a LevelDB database in dir, or in memory when dir is
// empty: the one way txstream opens local state, for the table partitions
// (LevelDB) and the status-log index alike, so that "no storage dir" means
// the same everywhere.
func OpenLevelDB(dir string, opts *opt.Options) (*leveldb.DB, error) {
	if dir == "" {
		return leveldb.Open(ldbstorage.NewMemStorage(), opts)
	}
	return leveldb.OpenFile(dir, opts)
}

package streams

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/lovoo/goka/storage"
	"github.com/syndtr/goleveldb/leveldb/filter"
	"github.com/syndtr/goleveldb/leveldb/opt"
)

// LevelDB builds table partitions on LevelDB, on disk under dir or, when dir
// is empty, in memory, writing each partition's offset at most once a
// second (see lazyOffset). goka's own memory storage is not used: it re-sorts
// all its keys on every new key, which is quadratic (BENCHMARKS.md,
// "Microbenchmarks", table storage), and tables here hold a million keys.
func LevelDB(dir string, opts *opt.Options) storage.Builder {
	return func(topic string, partition int32) (storage.Storage, error) {
		path := ""
		if dir != "" {
			path = filepath.Join(dir, fmt.Sprintf("%s.%d", topic, partition))
		}
		db, closeFiles, err := openTableDB(path, opts)
		if err != nil {
			return nil, fmt.Errorf("open table storage of %s/%d: %w", topic, partition, err)
		}
		st, err := storage.New(db)
		if err != nil {
			return nil, errors.Join(err, db.Close(), closeFiles())
		}
		return withLazyOffset(closingFiles{st, closeFiles}, offsetFlushInterval), nil
	}
}

// closingFiles is a goka storage that releases its LevelDB's files (the
// lock among them) once the database is closed: leveldb.Open, unlike
// leveldb.OpenFile, leaves them to the caller, and a processor that
// restarts opens the same directory again.
type closingFiles struct {
	storage.Storage
	closeFiles func() error
}

func (s closingFiles) Close() error {
	err := s.Storage.Close()
	return errors.Join(err, s.closeFiles())
}

// partitionOptions keep each partition's buffers small: a process holds a
// LevelDB instance per table partition, and reads are point lookups of
// single keys, most of them of keys not written yet (every new id is looked
// up by three processors). Small write buffers and block caches keep the
// RSS of serve from growing with the data, and the Bloom filter lets a
// lookup of an absent key skip the table files (BENCHMARKS.md, "What limits
// each figure", the RSS of serve --role all).
var partitionOptions = &opt.Options{
	WriteBuffer:        512 << 10,
	BlockCacheCapacity: 512 << 10,
	Filter:             filter.NewBloomFilter(10),
}

package streams

import (
	"bufio"
	"fmt"
	"io"

	"github.com/syndtr/goleveldb/leveldb"
	"github.com/syndtr/goleveldb/leveldb/opt"
	ldbstorage "github.com/syndtr/goleveldb/leveldb/storage"
)

// journalBuffer is how much of a table partition's LevelDB journal waits
// in the process before it is written to its file.
const journalBuffer = 32 << 10

// openTableDB opens a table partition's LevelDB in dir (in memory when
// dir is empty), with its journal written in journalBuffer chunks instead
// of one write(2) per table change: goleveldb writes every batch to the
// journal file at once, a system call per change of every table and view,
// about 5 % of the dev process's CPU at its sustained rate (BENCHMARKS.md,
// "Session 9"). A table partition needs no more from its journal: its
// Kafka changelog is the log. After a crash the store is still a prefix
// of what was written, offsets included (the journal is written in order,
// and goleveldb drops a torn tail when it opens), and goka recovers the
// rest from the changelog from the offset that prefix holds, as it does
// for the offset's own lag (lazyOffset). close releases the files.
func openTableDB(dir string, opts *opt.Options) (db *leveldb.DB, close func() error, err error) {
	if dir == "" {
		db, err = OpenLevelDB("", opts)
		return db, func() error { return nil }, err
	}
	files, err := ldbstorage.OpenFile(dir, opts.GetReadOnly())
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", dir, err)
	}
	db, err = leveldb.Open(bufferedJournal{files}, opts)
	if err != nil {
		return nil, nil, fmt.Errorf("open %s: %w", dir, err)
	}
	return db, files.Close, nil
}

// bufferedJournal is a goleveldb storage whose journal files are written
// through a buffer; every other file (tables, manifest) is written as
// goleveldb asks.
type bufferedJournal struct{ ldbstorage.Storage }

func (s bufferedJournal) Create(fd ldbstorage.FileDesc) (ldbstorage.Writer, error) {
	w, err := s.Storage.Create(fd)
	if err != nil || fd.Type != ldbstorage.TypeJournal {
		return w, err
	}
	return &journalWriter{file: w, buf: bufio.NewWriterSize(w, journalBuffer)}, nil
}

// journalWriter buffers a journal file's writes; Sync and Close write the
// buffer out first, so a sync that goleveldb asks for still syncs all.
type journalWriter struct {
	file ldbstorage.Writer
	buf  *bufio.Writer
}

var _ io.WriteCloser = (*journalWriter)(nil)

func (w *journalWriter) Write(p []byte) (int, error) { return w.buf.Write(p) }

func (w *journalWriter) Sync() error {
	if err := w.buf.Flush(); err != nil {
		return err
	}
	return w.file.Sync()
}

func (w *journalWriter) Close() error {
	flushErr := w.buf.Flush()
	if err := w.file.Close(); err != nil {
		return err
	}
	return flushErr
}

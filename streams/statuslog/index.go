package statuslog

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/lovoo/goka"
	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/streams"
)

// Index lists the status-log table in time order without scanning it. It
// runs a goka View over every partition of the table and, in the view's
// update callback (which goka calls for every record, while recovering as
// well as after), keeps an ordered store of the entries in step with it.
//
// The index is derived state: it lives in a fresh directory under the one
// given to NewIndex (or in memory), together with the view's own copy of
// the table, and is rebuilt from Kafka at every start; Run removes it when
// it returns. Nothing has to be repaired across restarts; the price is a
// full read of the table topic at start, which Recovered reports.
type Index struct {
	view  *goka.View
	store *store
	codec streams.TableCodec[domain.StatusLog]
	// tmp is the directory this index owns, "" when in memory.
	tmp string
	// follow wakes the readers of the arrival space (follow.go).
	follow followers
}

// NewIndex connects a view of the status-log table (creating the table if no
// processor has yet) and opens an empty store: in a new directory under dir,
// or in memory when dir is "". extra view options come last and win; a
// storage builder among them must start empty.
func NewIndex(cfg streams.Config, dir string, extra ...goka.ViewOption) (*Index, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("status-log index: %w", err)
	}
	x := &Index{}
	storeDir, viewDir, err := x.makeDirs(dir)
	if err != nil {
		return nil, err
	}
	if x.store, err = openStore(storeDir); err != nil {
		return nil, errors.Join(err, x.removeDirs())
	}
	if x.view, err = x.newView(cfg, viewDir, extra); err != nil {
		return nil, errors.Join(err, x.store.close(), x.removeDirs())
	}
	return x, nil
}

// makeDirs creates the directory this index owns under dir.
func (x *Index) makeDirs(dir string) (storeDir, viewDir string, err error) {
	if dir == "" {
		return "", "", nil
	}
	if x.tmp, err = os.MkdirTemp(dir, "statuslog-index-"); err != nil {
		return "", "", fmt.Errorf("status-log index directory: %w", err)
	}
	return filepath.Join(x.tmp, "index"), filepath.Join(x.tmp, "view"), nil
}

func (x *Index) removeDirs() error {
	if x.tmp == "" {
		return nil
	}
	if err := os.RemoveAll(x.tmp); err != nil {
		return fmt.Errorf("remove status-log index directory: %w", err)
	}
	return nil
}

func (x *Index) newView(cfg streams.Config, viewDir string, extra []goka.ViewOption) (*goka.View, error) {
	table := streams.Table(cfg.Groups.StatusLog)
	if err := ensureTable(cfg, table); err != nil {
		return nil, err
	}
	opts := append(cfg.ViewOptions(),
		goka.WithViewStorageBuilder(viewStorage(viewDir)),
		goka.WithViewCallback(x.update),
	)
	view, err := goka.NewView(cfg.Brokers, table, x.codec, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("view of %s: %w", table, err)
	}
	return view, nil
}

// ensureTable creates the table as its processor would, so that the manager
// can start before the first status-log processor ever ran.
func ensureTable(cfg streams.Config, table goka.Table) error {
	tm, err := streams.NewTopicManager(cfg)
	if err != nil {
		return err
	}
	defer tm.Close()
	if err := tm.EnsureTableExists(string(table), cfg.Partitions); err != nil {
		return fmt.Errorf("table %s: %w", table, err)
	}
	return nil
}

// Run runs the view until ctx is done, then closes and removes the index.
func (x *Index) Run(ctx context.Context) error {
	err := x.view.Run(ctx)
	if err != nil {
		err = fmt.Errorf("status-log index view: %w", err)
	}
	return errors.Join(err, x.store.close(), x.removeDirs())
}

// Recovered reports whether the view, and with it the index, has caught up
// with every partition of the table.
func (x *Index) Recovered() bool { return x.view.Recovered() }

// List returns one page of entries in time order. It costs a seek and a scan
// of at most Limit+1 keys, whatever the depth of the cursor.
func (x *Index) List(q Query) (Page, error) { return x.store.list(q) }

// History returns the log of one transaction from the view, nil when the
// transaction is unknown.
func (x *Index) History(id string) (*domain.StatusLog, error) {
	v, err := x.view.Get(id)
	if err != nil {
		return nil, fmt.Errorf("status log of %q: %w", id, err)
	}
	if v == nil {
		return nil, nil
	}
	return v.(*domain.StatusLog), nil
}

// Goka returns the index's view of the status-log table, for monitoring;
// callers must not run it.
func (x *Index) Goka() *goka.View { return x.view }

package auth

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/txstream/txstream/internal/dirwatch"
)

// Run watches the key file and swaps in its new contents when it changes,
// until ctx ends; it returns nil then, after its watcher is closed.
//
// It watches the file's directory, not the file: an editor that saves by
// writing a new file and renaming it over the old one, and Kubernetes,
// which swaps a Secret's files by renaming a symlink (..data), would
// leave a watch on the old inode blind. Any event in the directory starts
// the debounce timer; when it fires, the file is read whole. A file that
// fails to read or parse keeps the previous set in force: the error goes
// to the log and to OnReload, and the next change is read again. A file
// with the same bytes as the set in force (an event for another file of
// the directory) is read but changes nothing and reports nothing.
func (k *Keys) Run(ctx context.Context) error {
	warn := func(err error) { k.cfg.Log.Warn("key file watch", "err", err) }
	if err := dirwatch.Run(ctx, []string{filepath.Dir(k.cfg.File)}, k.cfg.Debounce, warn, k.reload); err != nil {
		return fmt.Errorf("watch key file: %w", err)
	}
	return nil
}

// reload reads the file and swaps the set in, or keeps the old one.
func (k *Keys) reload() {
	ks, err := loadSet(k.cfg.File, k.warn)
	if err != nil {
		k.cfg.Log.Error("key file not reloaded; the previous keys stay in force", "err", err)
		k.cfg.OnReload(err)
		return
	}
	if ks.sum == k.set.Load().sum {
		return
	}
	old := k.set.Swap(ks)
	k.cfg.Log.Info("key file reloaded", "file", k.cfg.File, "keys", len(ks.byHash), "before", len(old.byHash))
	k.cfg.OnReload(nil)
}

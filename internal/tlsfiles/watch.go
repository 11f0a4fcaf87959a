package tlsfiles

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"github.com/txstream/txstream/internal/dirwatch"
)

// debounce gathers the events of one replacement (a certificate and its
// key are two files; Kubernetes renames a directory and a symlink) into
// one reload.
const debounce = 100 * time.Millisecond

// Run watches the files' directories and reloads after every change,
// until ctx ends; it returns nil then, after its watcher is closed.
//
// It watches directories, not files: a file replaced by a rename, and
// Kubernetes' Secret volumes, which swap a ..data symlink to a new
// directory, leave a watch on the old inode blind. Any event in a watched
// directory starts the debounce; when it fires, every file is read again
// (reload). A first read right after the watch is in place catches a
// change made between NewServer and Run.
func (s *Server) Run(ctx context.Context) error {
	onError := func(err error) { s.onReload(fmt.Errorf("watch certificate files: %w", err)) }
	if err := dirwatch.Run(ctx, s.dirs(), debounce, onError, s.reload); err != nil {
		return fmt.Errorf("watch certificate files: %w", err)
	}
	return nil
}

// dirs are the directories of the files, each once.
func (s *Server) dirs() []string {
	var dirs []string
	seen := map[string]bool{}
	for _, f := range []string{s.files.Cert, s.files.Key, s.files.ClientCA} {
		if f == "" {
			continue
		}
		if d := filepath.Dir(f); !seen[d] {
			seen[d] = true
			dirs = append(dirs, d)
		}
	}
	return dirs
}

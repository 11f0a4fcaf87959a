package dirwatch

import (
	"context"
	"fmt"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Run calls reload once right after the watch is in place, which catches
// a change made before Run, and again debounce after the last event in
// any of dirs, until ctx ends. A watch error (an overflow loses events)
// goes to onError and is followed by a reload anyway.
func Run(ctx context.Context, dirs []string, debounce time.Duration, onError func(error), reload func()) error {
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	defer w.Close()
	for _, dir := range dirs {
		if err := w.Add(dir); err != nil {
			return fmt.Errorf("watch %s: %w", dir, err)
		}
	}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case _, ok := <-w.Events:
			if !ok {
				return nil
			}
			timer.Reset(debounce)
		case err, ok := <-w.Errors:
			if !ok {
				return nil
			}
			onError(err)
			timer.Reset(debounce)
		case <-timer.C:
			reload()
		}
	}
}

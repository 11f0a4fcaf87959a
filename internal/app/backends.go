package app

import (
	"errors"

	"github.com/txstream/txstream/internal/app/stage"
)

// backends are the clients and embedded servers a process opened before
// its graph: closed in the last shutdown stage, after everything that uses
// them, or at once when the process does not start.
type backends []namedCloser

type namedCloser struct {
	name  string
	close func() error
}

func (b *backends) add(name string, close func() error) {
	*b = append(*b, namedCloser{name, close})
}

func (b backends) components() []stage.Component {
	cs := make([]stage.Component, len(b))
	for i, c := range b {
		cs[i] = stage.Closer(c.name, c.close)
	}
	return cs
}

// close closes them all, when the process does not start.
func (b backends) close() error {
	var errs []error
	for _, c := range b {
		errs = append(errs, c.close())
	}
	return errors.Join(errs...)
}

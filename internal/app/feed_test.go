package app

import (
	"slices"
	"testing"

	"github.com/txstream/txstream/domain"
)

// TestChangeReachesTheCacheBeforeTheActors: the feed calls the
// transactions table's listeners in the declared order, the cache
// refresher first, and leaves out the parts a process does not have.
func TestChangeReachesTheCacheBeforeTheActors(t *testing.T) {
	var heard []string
	listener := func(name string) txListener {
		return func(*domain.Transaction, []byte) { heard = append(heard, name) }
	}
	tests := []struct {
		name          string
		refresh, wake txListener
		want          []string
	}{
		{"both", listener("cache"), listener("actors"), []string{"cache", "actors"}},
		{"no cache", nil, listener("actors"), []string{"actors"}},
		{"no actors", listener("cache"), nil, []string{"cache"}},
		{"neither", nil, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			heard = nil
			f := &feed{}
			f.listen(txListeners(tt.refresh, tt.wake), nil)
			f.txChanged("t1", &domain.Transaction{ID: "t1"}, nil)
			if !slices.Equal(heard, tt.want) {
				t.Errorf("heard by %v, want %v", heard, tt.want)
			}
		})
	}
}

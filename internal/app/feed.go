package app

import "github.com/txstream/txstream/domain"

// txListener hears a change of the transactions table: the record, and
// the table's bytes of it (raw, valid during the call only).
type txListener func(tx *domain.Transaction, raw []byte)

// convListener hears a change of the conversions table.
type convListener func(domain.Conversion)

// feed passes the views' changes to their listeners. The views are built
// before the listeners that need them (the actors read the views), so the
// listeners are set afterwards, once, by listen, before any view runs.
type feed struct {
	onTx   []txListener
	onConv []convListener
}

// listen sets the listeners, in the order each change reaches them.
func (f *feed) listen(tx []txListener, conv []convListener) {
	f.onTx, f.onConv = tx, conv
}

func (f *feed) txChanged(_ string, tx *domain.Transaction, raw []byte) {
	for _, l := range f.onTx {
		l(tx, raw)
	}
}

func (f *feed) convChanged(_ string, c *domain.Conversion, _ []byte) {
	for _, l := range f.onConv {
		l(*c)
	}
}

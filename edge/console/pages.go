package console

import (
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/auth"
)

// home is the live view: the charts (ops) and the newest status changes
// (log:read), both fed by /live.
func (c *Console) home(w http.ResponseWriter, _ *http.Request, v visitor) {
	c.render(w, http.StatusOK, "home", v, pageData{Title: "Live", Charts: v.Allows(auth.Ops), Changes: v.Allows(auth.Ops) && v.Allows(auth.LogRead)})
}

// search sends an id to its transaction's page.
func (c *Console) search(w http.ResponseWriter, r *http.Request, v visitor) {
	id := strings.TrimSpace(r.FormValue("id"))
	if err := domain.ValidateID(id); err != nil {
		c.render(w, http.StatusBadRequest, "notfound", v, pageData{Title: "Not an id", ID: id, Error: "That is not a transaction id."})
		return
	}
	http.Redirect(w, r, c.cfg.Prefix+"/transactions/"+url.PathEscape(id), http.StatusSeeOther)
}

// transaction shows one id: the transaction's record, its conversion
// (the record's, or the conversions table's for a POST /convert id) and
// its history and its webhook messages, each part as the visitor's
// scopes allow.
func (c *Console) transaction(w http.ResponseWriter, r *http.Request, v visitor) {
	id := r.PathValue("id")
	d := pageData{Title: id, ID: id}
	var err error
	if d.Tx, err = c.cfg.Tables.Transaction(id); err != nil {
		c.unavailable(&d, "transactions table", err)
	}
	if v.Allows(auth.ConversionsRead) {
		c.readConversion(&d, id)
	}
	if v.Allows(auth.LogRead) {
		if h, err := c.cfg.Tables.History(id); err != nil {
			c.unavailable(&d, "status log", err)
		} else if h != nil {
			d.History = h.Entries
		}
	}
	c.readMessages(&d, id, v)
	status := http.StatusOK
	if d.Tx == nil && d.Conv == nil && d.History == nil && d.Unavailable == nil {
		status = http.StatusNotFound
	}
	c.render(w, status, "transaction", v, d)
}

func (c *Console) readConversion(d *pageData, id string) {
	if d.Tx != nil && d.Tx.Conversion != nil {
		d.Conv = d.Tx.Conversion
		return
	}
	conv, err := c.cfg.Tables.Conversion(id)
	if err != nil {
		c.unavailable(d, "conversions table", err)
		return
	}
	d.Conv = conv
}

// unavailable notes a part that could not be read; the error goes to
// the log only (it may name brokers or paths).
func (c *Console) unavailable(d *pageData, what string, err error) {
	c.cfg.Logger.Debug("console read", "what", what, "err", err)
	d.Unavailable = append(d.Unavailable, what)
}

// rates lists the rates table by currency.
func (c *Console) rates(w http.ResponseWriter, _ *http.Request, v visitor) {
	d := pageData{Title: "Rates"}
	rs, err := c.cfg.Tables.Rates()
	if err != nil {
		c.unavailable(&d, "rates table", err)
	}
	slices.SortFunc(rs, func(a, b domain.Rate) int { return strings.Compare(a.Currency, b.Currency) })
	d.Rates = rs
	c.render(w, http.StatusOK, "rates", v, d)
}

func (c *Console) notFound(w http.ResponseWriter, r *http.Request) {
	c.headers(w)
	v, _ := c.visitorOf(r)
	c.render(w, http.StatusNotFound, "notfound", v, pageData{Title: "Not found", Error: "No console page has this address."})
}

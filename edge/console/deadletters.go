package console

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/txstream/txstream/edge/auth"
)

// deadLetterTimeout bounds reading the dead-letter topic or replaying
// one, as the CLI's command would be bounded by its operator.
const deadLetterTimeout = 30 * time.Second

// maxLetters is how many dead letters the page lists, the newest.
const maxLetters = 200

// deadLetters lists the dead-letter topic, newest first, each with its
// origin, reason and whether it was replayed; replayable ones get a
// replay button for a key with deadletters:write.
func (c *Console) deadLetters(w http.ResponseWriter, r *http.Request, v visitor) {
	d := c.letterPage(r, v)
	if id := r.FormValue("replayed"); id != "" {
		d.Notice = "Replayed dead letter " + id + "."
	}
	c.render(w, http.StatusOK, "deadletters", v, d)
}

// letterPage reads the dead letters for the page.
func (c *Console) letterPage(r *http.Request, v visitor) pageData {
	d := pageData{Title: "Dead letters", CanReplay: v.Allows(auth.DeadLettersWrite)}
	ctx, cancel := context.WithTimeout(r.Context(), deadLetterTimeout)
	defer cancel()
	letters, err := c.cfg.DeadLetters.List(ctx)
	if err != nil {
		c.unavailable(&d, "dead-letter topic", err)
	}
	slices.SortStableFunc(letters, func(a, b DeadLetter) int { return b.At.Compare(a.At) })
	d.Letters = letters[:min(len(letters), maxLetters)]
	return d
}

// replay re-publishes one dead letter, through the code of dlq replay.
// A refusal shows the page again with what dlq replay said.
func (c *Console) replay(w http.ResponseWriter, r *http.Request, v visitor) {
	id := r.PostFormValue("id")
	ctx, cancel := context.WithTimeout(r.Context(), deadLetterTimeout)
	defer cancel()
	did, err := c.cfg.DeadLetters.Replay(ctx, id)
	if err != nil {
		c.cfg.Logger.Warn("console replay", "dead_letter", id, "principal", v.who, "err", err)
		d := c.letterPage(r, v)
		d.Error = "Dead letter " + id + " was not replayed: " + err.Error()
		c.render(w, http.StatusConflict, "deadletters", v, d)
		return
	}
	c.cfg.Logger.Info("console replay", "dead_letter", id, "principal", v.who, "result", did)
	http.Redirect(w, r, c.cfg.Prefix+"/deadletters?replayed="+url.QueryEscape(id), http.StatusSeeOther)
}

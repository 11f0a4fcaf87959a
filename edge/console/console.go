package console

import (
	"context"
	"crypto/rand"
	"embed"
	"io/fs"
	"net/http"

	"github.com/txstream/txstream/edge/auth"
)

//go:embed assets templates
var files embed.FS

// Console is the operator console: an http.Handler for its pages under
// Config.Prefix, and Run for the live view's sampler.
type Console struct {
	cfg     Config
	handler http.Handler
	views   *views
	sampler *sampler
	streams chan struct{} // one token per open live stream
	secret  []byte        // the CSRF tokens' key, new in every process
}

// New builds the console; Run must run for the live view to move.
func New(cfg Config) (*Console, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	cfg = cfg.withDefaults()
	v, err := parseViews(cfg)
	if err != nil {
		return nil, err
	}
	c := &Console{cfg: cfg, views: v, sampler: newSampler(cfg), streams: make(chan struct{}, cfg.MaxStreams), secret: make([]byte, 32)}
	_, _ = rand.Read(c.secret) // crypto/rand.Read never fails (Go 1.24)
	c.handler = http.NewCrossOriginProtection().Handler(c.routes())
	return c, nil
}

// ServeHTTP serves the pages under Config.Prefix.
func (c *Console) ServeHTTP(w http.ResponseWriter, r *http.Request) { c.handler.ServeHTTP(w, r) }

// Run samples the process's metrics and the log index for the live view
// until ctx ends; the open live streams end with it.
func (c *Console) Run(ctx context.Context) error { return c.sampler.Run(ctx) }

// routes is the console's route table: each page with the scope its key
// must hold, the scope of the API route it mirrors. scopeAnyKey pages
// take any valid key; the login page and the assets are open.
func (c *Console) routes() http.Handler {
	mux := http.NewServeMux()
	p := c.cfg.Prefix
	assets, _ := fs.Sub(files, "assets")
	mux.Handle("GET "+p+"/assets/", c.static(http.StripPrefix(p+"/assets/", http.FileServerFS(assets))))
	mux.HandleFunc("GET "+p+"/login", c.loginPage)
	mux.HandleFunc("POST "+p+"/login", c.login)
	mux.Handle("POST "+p+"/logout", c.page(scopeAnyKey, c.logout))
	mux.Handle("GET "+p+"/{$}", c.page(scopeAnyKey, c.home))
	mux.Handle("GET "+p+"/live", c.page(auth.Ops, c.live))
	mux.Handle("GET "+p+"/search", c.page(auth.TransactionsRead, c.search))
	mux.Handle("GET "+p+"/transactions/{id}", c.page(auth.TransactionsRead, c.transaction))
	mux.Handle("GET "+p+"/log", c.page(auth.LogRead, c.log))
	mux.Handle("GET "+p+"/rates", c.page(auth.ConversionsRead, c.rates))
	if c.cfg.DeadLetters != nil {
		mux.Handle("GET "+p+"/deadletters", c.page(auth.Ops, c.deadLetters))
		mux.Handle("POST "+p+"/deadletters/replay", c.page(auth.DeadLettersWrite, c.replay))
	}
	if c.cfg.Webhooks != nil {
		mux.Handle("GET "+p+"/webhooks", c.page(auth.WebhooksRead, c.webhooks))
	}
	mux.HandleFunc(p+"/", c.notFound)
	return mux
}

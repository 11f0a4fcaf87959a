package console

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/txstream/txstream/domain"
	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/internal/testenv"
)

// tables is an in-memory Tables: the transactions and the status log.
type tables struct {
	mu  sync.Mutex
	tx  map[string]*domain.Transaction
	log []domain.LogEntry // in arrival order
}

func newTables() *tables { return &tables{tx: map[string]*domain.Transaction{}} }

func (f *tables) add(id string, status domain.Status, at time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	tx := f.tx[id]
	if tx == nil {
		tx = &domain.Transaction{Schema: 1, ID: id, Amount: "1.00", Currency: "EUR", CreatedAt: at}
		f.tx[id] = tx
	}
	tx.Version++
	tx.Status, tx.UpdatedAt = status, at
	f.log = append(f.log, domain.LogEntry{TransactionID: id, Status: status, Version: tx.Version, At: at})
}

func (f *tables) Transaction(id string) (*domain.Transaction, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.tx[id], nil
}
func (f *tables) Conversion(string) (*domain.Conversion, error) { return nil, nil }
func (f *tables) Rates() ([]domain.Rate, error) {
	return []domain.Rate{{Schema: 1, Currency: "USD", Base: "EUR", Rate: "1.0705", Date: "2024-06-28", Source: "ecb"}}, nil
}

// Log lists the entries at or after q.From in time order (newest first
// with q.Newest), as the index does, q.Limit at a time; the cursor is the
// index of the next entry.
func (f *tables) Log(q domain.LogQuery) (domain.LogPage, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var all []domain.LogEntry
	for _, e := range f.log {
		if !e.At.Before(q.From) && (q.Status == "" || e.Status == q.Status) {
			all = append(all, e)
		}
	}
	slices.SortStableFunc(all, func(a, b domain.LogEntry) int { return a.At.Compare(b.At) })
	if q.Newest {
		slices.Reverse(all)
	}
	start := 0
	if q.Cursor != "" {
		start = len(q.Cursor)
	}
	end := min(start+q.Limit, len(all))
	page := domain.LogPage{Entries: all[start:end]}
	if end < len(all) {
		page.Next = strings.Repeat("x", end)
	}
	return page, nil
}

// Tail and Since are the log in arrival order, the order of add; a
// cursor is the index of the next entry.
func (f *tables) Tail() (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strconv.Itoa(len(f.log)), nil
}

func (f *tables) Since(cursor string, status domain.Status, max int) (domain.LogChanges, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	next, err := strconv.Atoi(cmp.Or(cursor, "0"))
	if err != nil {
		return domain.LogChanges{}, err
	}
	var out domain.LogChanges
	for ; next < len(f.log) && len(out.Changes) < max; next++ {
		if e := f.log[next]; status == "" || e.Status == status {
			out.Changes = append(out.Changes, domain.LogChange{Entry: e, Cursor: strconv.Itoa(next + 1)})
		}
	}
	out.Next = strconv.Itoa(next)
	return out, nil
}

func (f *tables) History(id string) (*domain.StatusLog, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	h := &domain.StatusLog{Schema: 1, TransactionID: id}
	for _, e := range f.log {
		if e.TransactionID == id {
			h.Entries = append(h.Entries, domain.StatusChange{Version: e.Version, Status: e.Status, At: e.At})
		}
	}
	if h.Entries == nil {
		return nil, nil
	}
	return h, nil
}

// letters is a DeadLetters that records the replays it is asked for.
type letters struct {
	mu       sync.Mutex
	replayed []string
}

func (l *letters) List(context.Context) ([]DeadLetter, error) {
	return []DeadLetter{{ID: "3", Source: "transaction-topic/1/7", Group: "transactions", Reason: "malformed", Key: "k"}}, nil
}

func (l *letters) Replay(_ context.Context, id string) (string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if id != "3" {
		return "", fmt.Errorf("nothing replayed: no dead letter at offset %s", id)
	}
	l.replayed = append(l.replayed, id)
	return "replayed " + id, nil
}

func (l *letters) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.replayed)
}

// site is a console behind an httptest server, with keys when asked.
type site struct {
	url     string
	tables  *tables
	letters *letters
	keys    map[string]string // by name: the key
}

func newSite(t *testing.T, withKeys bool, mod func(*Config)) *site {
	t.Helper()
	s := &site{tables: newTables(), letters: &letters{}, keys: map[string]string{}}
	cfg := DefaultConfig()
	cfg.Tables, cfg.Events, cfg.DeadLetters = s.tables, s.tables, s.letters
	if withKeys {
		file := filepath.Join(t.TempDir(), "keys.jsonl")
		s.keys["reader"] = testenv.NewAPIKey(t, file, "reader", auth.TransactionsRead, auth.LogRead)
		s.keys["ops"] = testenv.NewAPIKey(t, file, "ops", auth.Ops)
		s.keys["hooks"] = testenv.NewAPIKey(t, file, "hooks", auth.TransactionsRead, auth.WebhooksRead)
		s.keys["replayer"] = testenv.NewAPIKey(t, file, "replayer", auth.Ops, auth.DeadLettersWrite)
		keys, err := auth.Open(auth.Config{File: file})
		if err != nil {
			t.Fatal(err)
		}
		cfg.Auth = keys
	}
	if mod != nil {
		mod(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Run(ctx) }()
	srv := httptest.NewServer(c)
	t.Cleanup(func() {
		cancel()
		<-done
		srv.Close()
	})
	s.url = srv.URL
	return s
}

// client is a browser stand-in: a cookie jar, no redirects followed.
func client(t *testing.T) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

type answer struct {
	status int
	header http.Header
	body   string
}

func get(t *testing.T, c *http.Client, u string) answer {
	t.Helper()
	resp, err := c.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return read(t, resp)
}

func post(t *testing.T, c *http.Client, u string, form url.Values) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return read(t, resp)
}

func read(t *testing.T, resp *http.Response) answer {
	t.Helper()
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{resp.StatusCode, resp.Header, string(b)}
}

var csrfInput = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// token is the CSRF token of a page's forms.
func (a answer) token(t *testing.T) string {
	t.Helper()
	m := csrfInput.FindStringSubmatch(a.body)
	if m == nil {
		t.Fatalf("no CSRF token on the page (%d):\n%s", a.status, a.body)
	}
	return m[1]
}

// login signs c in with key through the login form.
func (s *site) login(t *testing.T, c *http.Client, key string) answer {
	t.Helper()
	page := get(t, c, s.url+"/console/login")
	return post(t, c, s.url+"/console/login", url.Values{"csrf": {page.token(t)}, "key": {key}})
}

package console

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"

	"github.com/txstream/txstream/edge/auth"
)

// The cookies: the session holds the API key itself (HttpOnly, so no
// script reads it), which keeps the server free of session state and
// makes a revoked key stop working at the next request, as on the API;
// the CSRF cookie holds a random value whose MAC is the forms' token.
const (
	sessionCookie = "txstream_console"
	csrfCookie    = "txstream_console_csrf"
	csrfField     = "csrf"
)

// scopeAnyKey is a page any valid key may see (its parts that need a
// scope check it themselves).
const scopeAnyKey auth.Scope = "(any key)"

// visitor is who is looking: a key's principal, or anyone when the
// console is open (no Auth).
type visitor struct {
	open bool
	who  auth.Principal
	csrf string // the token this visitor's forms carry
}

// Allows reports whether the visitor may see or do what scope guards.
func (v visitor) Allows(s auth.Scope) bool { return v.open || s == scopeAnyKey || v.who.Allows(s) }

// CSRF is the token the visitor's forms carry.
func (v visitor) CSRF() string { return v.csrf }

// Name is what the page header shows.
func (v visitor) Name() string { return v.who.Name }

// handlerV is a page's handler, given its visitor.
type handlerV func(w http.ResponseWriter, r *http.Request, v visitor)

// page guards h: the security headers, the session (a login page
// without one), the scope (a 403 page naming it) and, for a POST, the
// CSRF token.
func (c *Console) page(scope auth.Scope, h handlerV) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.headers(w)
		v, err := c.visitorOf(r)
		if err != nil {
			c.clearSession(w, r)
			http.Redirect(w, r, c.cfg.Prefix+"/login", http.StatusSeeOther)
			return
		}
		v.csrf = c.csrfToken(w, r)
		switch {
		case !v.Allows(scope):
			c.render(w, http.StatusForbidden, "denied", v, pageData{Title: "Not allowed", Scope: string(scope)})
		case r.Method == http.MethodPost && !c.csrfValid(r):
			c.render(w, http.StatusForbidden, "denied", v, pageData{Title: "Form expired"})
		default:
			h(w, r, v)
		}
	})
}

// visitorOf authenticates the session cookie's key, as the API
// authenticates a Bearer header.
func (c *Console) visitorOf(r *http.Request) (visitor, error) {
	if c.cfg.Auth == nil {
		return visitor{open: true}, nil
	}
	ck, err := r.Cookie(sessionCookie)
	if err != nil {
		return visitor{}, errNoSession
	}
	p, err := c.cfg.Auth.Authenticate([]byte("Bearer " + ck.Value))
	if err != nil {
		return visitor{}, errNoSession
	}
	return visitor{who: p}, nil
}

// loginPage asks for a key; an open console has nothing to ask.
func (c *Console) loginPage(w http.ResponseWriter, r *http.Request) {
	c.headers(w)
	if c.cfg.Auth == nil {
		http.Redirect(w, r, c.cfg.Prefix+"/", http.StatusSeeOther)
		return
	}
	c.render(w, http.StatusOK, "login", visitor{csrf: c.csrfToken(w, r)}, pageData{Title: "Sign in"})
}

// login checks the posted key and keeps it in the session cookie.
func (c *Console) login(w http.ResponseWriter, r *http.Request) {
	c.headers(w)
	if c.cfg.Auth == nil {
		http.Redirect(w, r, c.cfg.Prefix+"/", http.StatusSeeOther)
		return
	}
	v := visitor{csrf: c.csrfToken(w, r)}
	if !c.csrfValid(r) {
		c.render(w, http.StatusForbidden, "login", v, pageData{Title: "Sign in", Error: "The form expired; sign in again."})
		return
	}
	key := r.PostFormValue("key")
	if _, err := c.cfg.Auth.Authenticate([]byte("Bearer " + key)); err != nil {
		c.render(w, http.StatusUnauthorized, "login", v, pageData{Title: "Sign in", Error: "That is not a valid API key."})
		return
	}
	http.SetCookie(w, c.cookie(r, sessionCookie, key))
	http.Redirect(w, r, c.cfg.Prefix+"/", http.StatusSeeOther)
}

// logout forgets the session.
func (c *Console) logout(w http.ResponseWriter, r *http.Request, _ visitor) {
	c.clearSession(w, r)
	http.Redirect(w, r, c.cfg.Prefix+"/login", http.StatusSeeOther)
}

func (c *Console) clearSession(w http.ResponseWriter, r *http.Request) {
	if _, err := r.Cookie(sessionCookie); err == nil {
		ck := c.cookie(r, sessionCookie, "")
		ck.MaxAge = -1
		http.SetCookie(w, ck)
	}
}

// cookie is a console cookie: HttpOnly, SameSite=Strict, for the
// console's paths only, Secure under TLS; it lasts the browser session.
func (c *Console) cookie(r *http.Request, name, value string) *http.Cookie {
	return &http.Cookie{Name: name, Value: value, Path: c.cfg.Prefix + "/", HttpOnly: true,
		SameSite: http.SameSiteStrictMode, Secure: c.cfg.TLS || r.TLS != nil}
}

// csrfToken returns the token of the request's CSRF cookie, setting a
// new cookie when there is none.
func (c *Console) csrfToken(w http.ResponseWriter, r *http.Request) string {
	if ck, err := r.Cookie(csrfCookie); err == nil && ck.Value != "" {
		return c.mac(ck.Value)
	}
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	value := base64.RawURLEncoding.EncodeToString(b)
	http.SetCookie(w, c.cookie(r, csrfCookie, value))
	return c.mac(value)
}

// csrfValid: the form's token is the MAC of the request's CSRF cookie.
// A cross-site page can neither read the cookie nor compute the MAC
// (its key never leaves the process), and the cookie is SameSite=Strict
// besides.
func (c *Console) csrfValid(r *http.Request) bool {
	ck, err := r.Cookie(csrfCookie)
	if err != nil || ck.Value == "" {
		return false
	}
	return hmac.Equal([]byte(r.PostFormValue(csrfField)), []byte(c.mac(ck.Value)))
}

func (c *Console) mac(value string) string {
	m := hmac.New(sha256.New, c.secret)
	m.Write([]byte(value))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// contentSecurityPolicy allows nothing but the console's own files:
// no inline script or style, no other host, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// headers sets the security headers of every page.
func (c *Console) headers(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Security-Policy", contentSecurityPolicy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-store")
}

// static serves the embedded assets with the security headers; they may
// be cached (they change only with the binary).
func (c *Console) static(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.headers(w)
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

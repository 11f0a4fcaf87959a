package edge

import (
	"errors"
	"net"
	"net/netip"
	"time"

	"github.com/valyala/fasthttp"

	"github.com/txstream/txstream/edge/auth"
	"github.com/txstream/txstream/edge/ratelimit"
)

// The WWW-Authenticate values of RFC 6750 §3: the realm alone when no
// credentials came, invalid_token for a key that is not valid, and
// insufficient_scope with the scope the route needs.
const (
	challenge             = `Bearer realm="txstream"`
	challengeInvalidToken = challenge + `, error="invalid_token"`
	challengeScopePrefix  = challenge + `, error="insufficient_scope", scope="`
)

// admit runs the access checks of a routed request, in this order:
// authentication (Config.Auth), the route's scope, the rate limit
// (Config.Limiter, by the key's name, or by the client's address when
// Auth is nil). It answers a refusal itself and reports whether the
// request may go on. The principal is the key's as soon as the key is
// known, also when the scope or the limit then refuses it, so that a
// refused write is audited under its key; it is zero when anonymous.
func (s *Server) admit(ctx *fasthttp.RequestCtx, rt *route) (auth.Principal, bool) {
	if rt.scope == scopeOpen {
		return auth.Principal{}, true
	}
	if rt.scope == scopeSelf {
		return auth.Principal{}, s.limit(ctx, auth.Principal{})
	}
	p, ok := s.authorize(ctx, rt.scope)
	if !ok {
		return p, false
	}
	return p, s.limit(ctx, p)
}

// authorize authenticates the request and requires scope of its key.
func (s *Server) authorize(ctx *fasthttp.RequestCtx, scope auth.Scope) (auth.Principal, bool) {
	if s.cfg.Auth == nil {
		return auth.Principal{}, true
	}
	p, err := s.cfg.Auth.Authenticate(ctx.Request.Header.Peek(fasthttp.HeaderAuthorization))
	switch {
	case errors.Is(err, auth.ErrNoCredentials):
		s.deny(ctx, DenyNoCredentials, challenge, CodeUnauthorized, "this route needs an API key: Authorization: Bearer <key>")
	case err != nil:
		s.deny(ctx, DenyBadCredentials, challengeInvalidToken, CodeUnauthorized, "the API key is not valid")
	case scope != scopeAnyKey && !p.Allows(scope):
		s.deny(ctx, DenyScope, challengeScopePrefix+string(scope)+`"`, CodeInsufficientScope,
			"this route needs a key with the scope "+string(scope))
		return p, false
	default:
		return p, true
	}
	return auth.Principal{}, false
}

// deny answers 401 or 403 with its WWW-Authenticate challenge. The
// details are fixed texts: nothing of the presented header is echoed.
func (s *Server) deny(ctx *fasthttp.RequestCtx, reason DenyReason, wwwAuthenticate string, code Code, detail string) {
	s.cfg.Observer.Denied(s.service, reason)
	ctx.Response.Header.Set(fasthttp.HeaderWWWAuthenticate, wwwAuthenticate)
	writeProblem(ctx, code, "", detail, 0)
}

// limit spends one request of the key's bucket, or of the client
// address's for an anonymous request, and sets the RateLimit fields on
// the answer either way (draft-ietf-httpapi-ratelimit-headers-11); over
// the limit it answers 429 with Retry-After.
func (s *Server) limit(ctx *fasthttp.RequestCtx, p auth.Principal) bool {
	if s.cfg.Limiter == nil {
		return true
	}
	var d ratelimit.Decision
	if p.Name != "" {
		d = s.cfg.Limiter.AllowKey(p.Name)
	} else {
		d = s.cfg.Limiter.AllowAddress(clientAddr(ctx))
	}
	// One stack buffer for both values: SetBytesV copies what it is given.
	var buf [96]byte
	ctx.Response.Header.SetBytesV(ratelimit.HeaderPolicy, d.AppendRateLimitPolicy(buf[:0]))
	ctx.Response.Header.SetBytesV(ratelimit.HeaderRateLimit, d.AppendRateLimit(buf[:0]))
	if d.Allowed {
		return true
	}
	s.cfg.Observer.Denied(s.service, DenyRateLimited)
	writeProblem(ctx, CodeRateLimited, "", "over the rate limit; retry after the Retry-After delay",
		time.Duration(d.RetryAfter())*time.Second)
	return false
}

// clientAddr is the address of the connection's peer. The edge trusts no
// forwarding header: behind a proxy, the anonymous clients share the
// proxy's bucket, which is why serving anonymously is an opt-out.
func clientAddr(ctx *fasthttp.RequestCtx) netip.Addr {
	if a, ok := ctx.RemoteAddr().(*net.TCPAddr); ok {
		return a.AddrPort().Addr()
	}
	return netip.Addr{}
}

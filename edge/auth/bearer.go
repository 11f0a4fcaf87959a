package auth

// ParseBearer returns the token of an Authorization header value of the
// form "Bearer <token68>" (RFC 6750 §2.1, RFC 9110 §11.4): the scheme in
// any case, exactly one space, then one or more of A-Z a-z 0-9 - . _ ~ + /
// followed by any number of "=". Anything else — another scheme, two
// spaces, a tab, a trailing space, a comma, an empty token — is
// ErrBadCredentials, and an empty header is ErrNoCredentials.
//
// It is strict on purpose: one spelling of a credential is one thing to
// reason about, and a lenient parser in front of a hash lookup gains
// nothing but ways to be surprised. The returned token is a subslice of
// header, not a copy.
func ParseBearer(header []byte) ([]byte, error) {
	if len(header) == 0 {
		return nil, ErrNoCredentials
	}
	const scheme = "bearer "
	if len(header) <= len(scheme) || !hasSchemePrefix(header, scheme) {
		return nil, ErrBadCredentials
	}
	token := header[len(scheme):]
	if !isToken68(token) {
		return nil, ErrBadCredentials
	}
	return token, nil
}

// hasSchemePrefix compares the scheme and its space ASCII-case-
// insensitively (the scheme is public, so no constant time is needed).
func hasSchemePrefix(header []byte, lower string) bool {
	for i := range len(lower) {
		c := header[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// isToken68 reports whether t is 1*( ALPHA / DIGIT / "-" / "." / "_" /
// "~" / "+" / "/" ) *"=".
func isToken68(t []byte) bool {
	i := 0
	for i < len(t) && isToken68Char(t[i]) {
		i++
	}
	if i == 0 {
		return false
	}
	for i < len(t) && t[i] == '=' {
		i++
	}
	return i == len(t)
}

func isToken68Char(c byte) bool {
	return isBase64URL(c) || c == '.' || c == '~' || c == '+' || c == '/'
}

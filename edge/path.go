package edge

import "encoding/hex"

// Requests are routed on fasthttp's normalized path: escapes decoded, "//"
// collapsed, "." and ".." resolved. A proxy or firewall in front reads the
// path as sent, so wherever the two differ one request can pass a guard
// written for one route and be served by another: PUT
// /convert/..%2Frates%2FJPY was served as PUT /rates/JPY. The edge therefore
// serves only paths that normalization leaves as they are, as far as
// routing can tell, and answers every other one 400 non_canonical_path
// before routing. A trailing slash stays allowed: it routes nowhere else
// (the API's templates have none, so it is a 404) and goka's monitor pages
// under the mount need it.

// pathProblem says why raw, a request's path as sent (fasthttp's
// URI().PathOriginal()), is not canonical, or returns "" when it is.
func pathProblem(raw []byte) string {
	if len(raw) == 0 || raw[0] != '/' {
		return "the path must start with /"
	}
	start := 1
	for i := 1; i <= len(raw); i++ {
		if i < len(raw) && raw[i] != '/' {
			continue
		}
		if why := segmentProblem(raw[start:i], i == len(raw)); why != "" {
			return why
		}
		start = i + 1
	}
	return ""
}

// segmentProblem checks one segment of a path; last is the segment after
// the final slash, which may be empty.
func segmentProblem(seg []byte, last bool) string {
	switch {
	case len(seg) == 0 && !last:
		return "empty path segment (//)"
	case string(seg) == "." || string(seg) == "..":
		return "dot segment (. or ..) in the path"
	}
	for i := 0; i < len(seg); i++ {
		switch seg[i] {
		case '\\':
			return "backslash in the path"
		case '%':
			if why := escapeProblem(seg[i+1:]); why != "" {
				return why
			}
			i += 2
		}
	}
	return ""
}

// escapeProblem checks the two hex digits after a '%'. Escapes of other
// characters (":" as %3A, say) stay allowed: decoded, they are part of a
// segment and cannot change which route it matches.
func escapeProblem(digits []byte) string {
	var c [1]byte
	if len(digits) < 2 {
		return "malformed percent-encoding in the path"
	}
	if _, err := hex.Decode(c[:], digits[:2]); err != nil {
		return "malformed percent-encoding in the path"
	}
	switch {
	case c[0] == '/' || c[0] == '\\':
		return "encoded slash or backslash (%2F, %5C) in the path"
	case unreserved(c[0]):
		// Encoded dots make dot segments; encoded letters make another
		// spelling of a route that a proxy does not recognize.
		return "percent-encoded unreserved character in the path (send it unencoded)"
	}
	return ""
}

// unreserved is RFC 3986's unreserved set, which URIs send unencoded.
func unreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~'
}

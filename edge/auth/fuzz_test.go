package auth

import (
	"bytes"
	"errors"
	"testing"
)

// FuzzBearer checks ParseBearer's contract on any header value:
//
//   - it never panics;
//   - it returns a token or an error, never both and never neither;
//   - an empty header is ErrNoCredentials, any other refusal is
//     ErrBadCredentials itself, unwrapped, so that its text is the
//     sentinel's and carries nothing of the input (errors never carry a
//     key);
//   - an accepted header is "bearer" in some case, one space and the
//     token, and the token is the rest of the input, not a copy: it is
//     the input's own tail (a subslice sharing its last byte);
//   - an accepted token is token68: non-empty, only A-Z a-z 0-9 - . _ ~ +
//     / and then only "=", never "=" first;
//   - the same input always gives the same answer, and Keys.Authenticate
//     on it agrees with ParseBearer about ErrNoCredentials.
func FuzzBearer(f *testing.F) {
	key, _ := GenerateKey()
	for _, seed := range []string{
		"", "Bearer " + key, "bearer abc", "BEARER a-b.c_d~e+f/g==", "Bearer", "Bearer ", "Bearer  abc",
		"Bearer\tabc", "Bearer abc ", "Basic dXNlcjpwYXNz", "Bearer =", "Bearer ab=c", "Bearer a\x00", "Bearer é",
		"Bearer abc,def", "Bearerx", "bearer\u00a0abc",
	} {
		f.Add([]byte(seed))
	}
	k := &Keys{}
	k.set.Store(newKeySet(nil, Hash{}))
	f.Fuzz(func(t *testing.T, header []byte) {
		in := bytes.Clone(header)
		token, err := ParseBearer(header)
		if !bytes.Equal(in, header) {
			t.Fatal("ParseBearer changed its input")
		}
		again, err2 := ParseBearer(header)
		if !bytes.Equal(token, again) || !errors.Is(err2, err) && !errors.Is(err, err2) {
			t.Fatal("two answers for one input")
		}
		if _, aerr := k.Authenticate(header); errors.Is(aerr, ErrNoCredentials) != errors.Is(err, ErrNoCredentials) {
			t.Fatalf("Authenticate says %v, ParseBearer %v", aerr, err)
		}
		if err != nil {
			checkRefusal(t, header, token, err)
			return
		}
		checkAccepted(t, header, token)
	})
}

func checkRefusal(t *testing.T, header, token []byte, err error) {
	t.Helper()
	if token != nil {
		t.Fatalf("a token %q with error %v", token, err)
	}
	want := ErrBadCredentials
	if len(header) == 0 {
		want = ErrNoCredentials
	}
	if err != want {
		t.Fatalf("error %v for %q, want exactly %v", err, header, want)
	}
}

// token68Chars is RFC 7235's token68 less "=", written out apart from the
// parser's own test so that the fuzz test does not check the parser
// against itself.
const token68Chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/"

func checkAccepted(t *testing.T, header, token []byte) {
	t.Helper()
	if len(token) == 0 || len(header) != len("bearer ")+len(token) {
		t.Fatalf("token %q of %q is not the whole rest", token, header)
	}
	if &header[len(header)-1] != &token[len(token)-1] {
		t.Fatal("the token is not a subslice of the input")
	}
	if !bytes.EqualFold(header[:6], []byte("bearer")) || header[6] != ' ' {
		t.Fatalf("accepted %q: not Bearer and one space", header)
	}
	if token[0] == '=' {
		t.Fatalf("accepted %q: token starts with =", header)
	}
	seenPad := false
	for _, c := range token {
		switch {
		case c == '=':
			seenPad = true
		case seenPad || !bytes.ContainsRune([]byte(token68Chars), rune(c)):
			t.Fatalf("accepted %q: %q is not token68", header, c)
		}
	}
}

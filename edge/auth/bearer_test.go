package auth

import (
	"errors"
	"testing"
)

func TestParseBearer(t *testing.T) {
	tests := []struct {
		header string
		token  string
		err    error
	}{
		{"Bearer abc", "abc", nil},
		{"bearer abc", "abc", nil},
		{"BEARER abc", "abc", nil},
		{"bEaReR a-b.c_d~e+f/g==", "a-b.c_d~e+f/g==", nil},
		{"Bearer txs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "txs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", nil},
		{"", "", ErrNoCredentials},
		{"Bearer", "", ErrBadCredentials},
		{"Bearer ", "", ErrBadCredentials},
		{"Bearer  abc", "", ErrBadCredentials},
		{"Bearer\tabc", "", ErrBadCredentials},
		{"Bearer abc ", "", ErrBadCredentials},
		{" Bearer abc", "", ErrBadCredentials},
		{"Bearer abc def", "", ErrBadCredentials},
		{"Bearer abc,def", "", ErrBadCredentials},
		{"Bearer =", "", ErrBadCredentials},
		{"Bearer ab=c", "", ErrBadCredentials},
		{"Bearer abc\r\n", "", ErrBadCredentials},
		{"Bearer a\x00", "", ErrBadCredentials},
		{"Bearer é", "", ErrBadCredentials},
		{"Basic dXNlcjpwYXNz", "", ErrBadCredentials},
		{"Bearerabc", "", ErrBadCredentials},
		{"Bearer- abc", "", ErrBadCredentials},
		{"abc", "", ErrBadCredentials},
	}
	for _, tt := range tests {
		t.Run(tt.header, func(t *testing.T) {
			token, err := ParseBearer([]byte(tt.header))
			if string(token) != tt.token || !errors.Is(err, tt.err) {
				t.Fatalf("ParseBearer(%q) = %q, %v; want %q, %v", tt.header, token, err, tt.token, tt.err)
			}
		})
	}
}

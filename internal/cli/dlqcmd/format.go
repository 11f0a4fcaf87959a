package dlqcmd

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Widths of the shortened columns of dlq list.
const (
	keyWidth   = 40
	valueWidth = 60
	errorWidth = 80
)

// printable shows b on one line of a terminal: unprintable bytes and runes
// escaped as Go writes them, cut after width runes with an ellipsis.
func printable(b []byte, width int) string {
	var out strings.Builder
	for n := 0; len(b) > 0; n++ {
		if n == width {
			out.WriteString("…")
			break
		}
		r, size := utf8.DecodeRune(b)
		switch {
		case r == utf8.RuneError && size <= 1:
			fmt.Fprintf(&out, `\x%02x`, b[0])
		case unicode.IsPrint(r):
			out.WriteRune(r)
		case r < 0x80:
			fmt.Fprintf(&out, `\x%02x`, r)
		default:
			fmt.Fprintf(&out, `\u%04x`, r)
		}
		b = b[size:]
	}
	return out.String()
}

// showKey and showValue mark what has no bytes, which printable cannot.
func showKey(k []byte) string {
	if k == nil {
		return "(no key)"
	}
	return printable(k, keyWidth)
}

func showValue(v []byte) string {
	if v == nil {
		return "(tombstone)"
	}
	return printable(v, valueWidth)
}

func showTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.UTC().Format(time.RFC3339)
}

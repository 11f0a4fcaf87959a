package statuslog

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
)

// A cursor is the last key a page returned, so the next page is a seek past
// it: its cost does not grow with the depth of the page. It is URL-safe
// base64 of a format byte, the key and a CRC-32C of both, so that a typo or
// a made-up string is refused instead of read as a position. The format
// byte also says the listing's order: a position is "after" in one order
// and "before" in the other, so a cursor of one order is refused by the
// other.
const (
	cursorFormat       = 1
	cursorFormatNewest = 2
)

func formatOf(newest bool) byte {
	if newest {
		return cursorFormatNewest
	}
	return cursorFormat
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

func encodeCursor(key []byte, newest bool) string {
	raw := make([]byte, 0, 1+len(key)+4)
	raw = append(raw, formatOf(newest))
	raw = append(raw, key...)
	raw = binary.BigEndian.AppendUint32(raw, crc32.Checksum(raw, castagnoli))
	return base64.RawURLEncoding.EncodeToString(raw)
}

// decodeCursor returns the key in cursor if this index issued it for a
// listing under prefix.
func decodeCursor(cursor string, prefix []byte, newest bool) ([]byte, error) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(raw) < 1+4 || raw[0] != formatOf(newest) {
		return nil, ErrBadCursor
	}
	body, sum := raw[:len(raw)-4], binary.BigEndian.Uint32(raw[len(raw)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, ErrBadCursor
	}
	key := body[1:]
	if !bytes.HasPrefix(key, prefix) {
		return nil, ErrBadCursor // issued for another status filter
	}
	if _, err := parseKey(prefix, key); err != nil {
		return nil, ErrBadCursor
	}
	return key, nil
}

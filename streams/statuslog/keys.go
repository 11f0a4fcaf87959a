package statuslog

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"time"

	"github.com/txstream/txstream/domain"
)

// The index keeps every entry under two keys, so that each listing is one
// range scan in key order:
//
//	t <at> <transaction id> <version>               all statuses, by time
//	s <status> 0x00 <at> <transaction id> <version> one status, by time
//
// <at> and <version> are 8 bytes big-endian with the sign bit flipped, so
// byte order is numeric order; both have a fixed width, which makes the id
// between them unambiguous whatever it contains. The value is the status
// and the reason (see appendEntryValue).
const (
	timeSpace   = 't'
	statusSpace = 's'
	intWidth    = 8
)

var errShortKey = errors.New("index key too short")

// spacePrefix returns the prefix of the keys a listing of status ("" = all)
// scans.
func spacePrefix(status domain.Status) []byte {
	return appendSpacePrefix(make([]byte, 0, len(status)+2), status)
}

func appendSpacePrefix(dst []byte, status domain.Status) []byte {
	if status == "" {
		return append(dst, timeSpace)
	}
	dst = append(dst, statusSpace)
	dst = append(dst, status...)
	return append(dst, 0)
}

// entryKey is the key of e under prefix.
func entryKey(prefix []byte, e Entry) []byte {
	k := make([]byte, 0, len(prefix)+2*intWidth+len(e.TransactionID))
	return appendEntryKey(append(k, prefix...), e)
}

// appendEntryKey appends the key of e after its prefix, already in dst.
func appendEntryKey(dst []byte, e Entry) []byte {
	dst = appendInt(dst, atNanos(e.At))
	dst = append(dst, e.TransactionID...)
	return appendInt(dst, e.Version)
}

// timeBound is the first key under prefix at or after at.
func timeBound(prefix []byte, at time.Time) []byte {
	return appendInt(append([]byte(nil), prefix...), atNanos(at))
}

// parseKey reads the entry (without its reason) from a key under prefix.
func parseKey(prefix, key []byte) (Entry, error) {
	if !bytes.HasPrefix(key, prefix) || len(key) < len(prefix)+2*intWidth+1 {
		return Entry{}, errShortKey
	}
	rest := key[len(prefix):]
	at := readInt(rest[:intWidth])
	id := rest[intWidth : len(rest)-intWidth]
	version := readInt(rest[len(rest)-intWidth:])
	return Entry{TransactionID: string(id), Version: version, At: time.Unix(0, at).UTC()}, nil
}

func appendInt(b []byte, v int64) []byte {
	return binary.BigEndian.AppendUint64(b, uint64(v)^(1<<63))
}

func readInt(b []byte) int64 {
	return int64(binary.BigEndian.Uint64(b) ^ (1 << 63))
}

// atNanos clamps times outside the range of UnixNano (years 1678 to 2262),
// for which it is undefined, to its ends.
func atNanos(at time.Time) int64 {
	switch {
	case at.Before(minAt):
		return math.MinInt64
	case at.After(maxAt):
		return math.MaxInt64
	}
	return at.UnixNano()
}

var (
	minAt = time.Unix(0, math.MinInt64)
	maxAt = time.Unix(0, math.MaxInt64)
)

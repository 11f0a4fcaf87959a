package statuslog

import (
	"encoding/binary"
	"errors"
	"time"

	"github.com/txstream/txstream/domain"
)

// The index keeps a third key space, in the order the table's records
// arrived, for the event stream of every change (Since):
//
//	a <partition> <offset>   the entries one record of the table added
//
// <partition> is 4 bytes and <offset> 8 bytes, both big-endian (the
// offset with the sign bit flipped, as in keys.go), so one partition's
// records lie in offset order. The time keys cannot serve a stream that
// resumes: the records of other partitions can arrive with an earlier
// time than the last entry sent, and a resume after the last key sent
// would miss them. Offsets are the table's own (Kafka's), so a position is
// the same in every manager process and after a restart.
const (
	arrivalSpace    = 'a'
	partitionWidth  = 4
	arrivalKeyWidth = 1 + partitionWidth + intWidth
)

var errBadArrival = errors.New("arrival value malformed")

// arrivalKey is the key of the record at offset of partition p.
func arrivalKey(p int32, offset int64) []byte {
	k := make([]byte, 0, arrivalKeyWidth)
	k = append(k, arrivalSpace)
	k = binary.BigEndian.AppendUint32(k, uint32(p))
	return appendInt(k, offset)
}

// arrivalRange is [first key of partition p at offset, first key after p).
func arrivalRange(p int32, offset int64) (start, limit []byte) {
	limit = append([]byte{arrivalSpace}, 0, 0, 0, 0)
	binary.BigEndian.PutUint32(limit[1:], uint32(p)+1)
	if uint32(p) == ^uint32(0) {
		limit = []byte{arrivalSpace + 1}
	}
	return arrivalKey(p, offset), limit
}

// arrivalOffset reads the offset of an arrival key.
func arrivalOffset(key []byte) int64 {
	return readInt(key[1+partitionWidth:])
}

// appendArrival appends the value of an arrival key: the entries of one
// transaction a record added, as
// <id> then per entry <version> <at> <status> <reason>, strings
// length-prefixed and numbers as varints.
func appendArrival(dst []byte, put []Entry) []byte {
	dst = appendString(dst, put[0].TransactionID)
	for _, e := range put {
		dst = binary.AppendVarint(dst, e.Version)
		dst = binary.AppendVarint(dst, atNanos(e.At))
		dst = appendString(dst, string(e.Status))
		dst = appendString(dst, string(e.Reason))
	}
	return dst
}

func appendString(dst []byte, s string) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(s)))
	return append(dst, s...)
}

// readArrival decodes what appendArrival wrote.
func readArrival(b []byte) ([]Entry, error) {
	id, b, ok := readString(b)
	if !ok {
		return nil, errBadArrival
	}
	var out []Entry
	for len(b) > 0 {
		e := Entry{TransactionID: id}
		var n, at int
		e.Version, n = binary.Varint(b)
		if n <= 0 {
			return nil, errBadArrival
		}
		nanos, at := binary.Varint(b[n:])
		if at <= 0 {
			return nil, errBadArrival
		}
		e.At = time.Unix(0, nanos).UTC()
		status, rest, ok := readString(b[n+at:])
		reason, rest2, ok2 := readString(rest)
		if !ok || !ok2 {
			return nil, errBadArrival
		}
		e.Status, e.Reason = internStatus([]byte(status)), domain.Reason(reason)
		out = append(out, e)
		b = rest2
	}
	return out, nil
}

func readString(b []byte) (string, []byte, bool) {
	n, w := binary.Uvarint(b)
	if w <= 0 || uint64(len(b)-w) < n {
		return "", nil, false
	}
	return string(b[w : w+int(n)]), b[w+int(n):], true
}

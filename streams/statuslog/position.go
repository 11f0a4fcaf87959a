package statuslog

import (
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"slices"
)

// A position says where a reader of the arrival space stands: per
// partition, the offset of the next record to read and how many of its
// entries were read already (a record can add two entries, received and
// completed, and a reader may stop between them). Partitions it does not
// name are read from their first record.
type position map[int32]mark

type mark struct {
	offset int64
	skip   int
}

// after is the mark that follows entry i (0-based) of a record at offset
// with n entries.
func after(offset int64, i, n int) mark {
	if i+1 >= n {
		return mark{offset: offset + 1}
	}
	return mark{offset: offset, skip: i + 1}
}

// An event cursor is URL-safe base64 of a format byte, the position's
// (partition, offset, skip) triples as uvarints in partition order, and a
// CRC-32C of both, so that a made-up string is refused. Its format byte
// differs from a listing cursor's (cursor.go): neither is taken for the
// other.
const eventCursorFormat = 2

// encode writes the position with partition p at m (p < 0: as it is).
func (pos position) encode(p int32, m mark) string {
	parts := make([]int32, 0, len(pos)+1)
	for q := range pos {
		parts = append(parts, q)
	}
	if _, ok := pos[p]; !ok && p >= 0 {
		parts = append(parts, p)
	}
	slices.Sort(parts)
	raw := make([]byte, 0, 2+len(parts)*8)
	raw = append(raw, eventCursorFormat)
	raw = binary.AppendUvarint(raw, uint64(len(parts)))
	for _, q := range parts {
		at := pos[q]
		if q == p {
			at = m
		}
		raw = binary.AppendUvarint(raw, uint64(q))
		raw = binary.AppendUvarint(raw, uint64(at.offset))
		raw = binary.AppendUvarint(raw, uint64(at.skip))
	}
	raw = binary.BigEndian.AppendUint32(raw, crc32.Checksum(raw, castagnoli))
	return base64.RawURLEncoding.EncodeToString(raw)
}

// decodePosition reads a cursor that encode wrote; "" is the start.
func decodePosition(cursor string) (position, error) {
	pos := position{}
	if cursor == "" {
		return pos, nil
	}
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(raw) < 1+1+4 || raw[0] != eventCursorFormat {
		return nil, ErrBadCursor
	}
	body, sum := raw[:len(raw)-4], binary.BigEndian.Uint32(raw[len(raw)-4:])
	if crc32.Checksum(body, castagnoli) != sum {
		return nil, ErrBadCursor
	}
	b := body[1:]
	n, w := binary.Uvarint(b)
	if w <= 0 {
		return nil, ErrBadCursor
	}
	b = b[w:]
	for range n {
		var v [3]uint64
		for i := range v {
			if v[i], w = binary.Uvarint(b); w <= 0 {
				return nil, ErrBadCursor
			}
			b = b[w:]
		}
		if v[0] > 1<<31-1 || v[1] > 1<<63-1 || v[2] > 1<<16 {
			return nil, ErrBadCursor
		}
		pos[int32(v[0])] = mark{offset: int64(v[1]), skip: int(v[2])}
	}
	if len(b) != 0 {
		return nil, ErrBadCursor
	}
	return pos, nil
}

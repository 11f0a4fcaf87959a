package embedded

import "encoding/binary"

// frames follows the Kafka protocol's framing in one direction of a
// connection, whatever the sizes of the reads or writes that carry it:
// every request and response is a 4-byte big-endian size and that many
// bytes, and the first bytes of each frame are its header (a request's API
// key, version and correlation id; a response's correlation id).
type frames struct {
	want int // header bytes reported of each frame

	size  [4]byte
	nsize int    // bytes of size read so far
	left  int    // payload bytes of the current frame not seen yet
	hdr   []byte // header bytes seen so far
}

func newFrames(headerBytes int) *frames {
	return &frames{want: headerBytes, hdr: make([]byte, 0, headerBytes)}
}

// feed consumes p and calls header with the first want bytes of every
// frame whose header completes within p. A frame shorter than want is
// skipped without a call.
func (f *frames) feed(p []byte, header func(hdr []byte)) {
	for len(p) > 0 {
		if f.nsize < len(f.size) {
			n := copy(f.size[f.nsize:], p)
			f.nsize += n
			p = p[n:]
			if f.nsize == len(f.size) {
				f.left = int(binary.BigEndian.Uint32(f.size[:]))
				f.hdr = f.hdr[:0]
			}
		} else {
			p = f.payload(p, header)
		}
		if f.nsize == len(f.size) && f.left == 0 {
			f.nsize = 0 // the frame is complete; the next size follows
		}
	}
}

// payload consumes the current frame's bytes from p and returns the rest.
func (f *frames) payload(p []byte, header func(hdr []byte)) []byte {
	n := min(f.left, len(p))
	if missing := f.want - len(f.hdr); missing > 0 {
		take := min(missing, n)
		f.hdr = append(f.hdr, p[:take]...)
		if len(f.hdr) == f.want {
			header(f.hdr)
		}
	}
	f.left -= n
	return p[n:]
}

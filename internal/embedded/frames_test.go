package embedded

import (
	"encoding/binary"
	"slices"
	"testing"
)

// frame is a Kafka frame: the size, then payload.
func frame(payload ...byte) []byte {
	return binary.BigEndian.AppendUint32(nil, uint32(len(payload)))
}

func request(key int16, corr int32, body ...byte) []byte {
	payload := binary.BigEndian.AppendUint16(nil, uint16(key))
	payload = binary.BigEndian.AppendUint16(payload, 9) // version
	payload = binary.BigEndian.AppendUint32(payload, uint32(corr))
	payload = append(payload, body...)
	return append(frame(payload...), payload...)
}

// TestFramesWhateverTheChunks: the headers come out the same however the
// stream is cut, one byte at a time included, and a frame shorter than a
// header yields none.
func TestFramesWhateverTheChunks(t *testing.T) {
	short := append(frame(1, 2, 3), 1, 2, 3)
	var stream []byte
	stream = append(stream, request(0, 7, 1, 2, 3, 4, 5)...)
	stream = append(stream, short...)
	stream = append(stream, request(3, 8)...)
	stream = append(stream, append(frame(), nil...)...) // empty frame
	stream = append(stream, request(19, 9, make([]byte, 300)...)...)
	want := []int32{7, 8, 9}
	for _, chunk := range []int{1, 2, 3, 5, 8, 13, 64, len(stream)} {
		f := newFrames(8)
		var got []int32
		for rest := stream; len(rest) > 0; {
			n := min(chunk, len(rest))
			f.feed(rest[:n], func(hdr []byte) { got = append(got, int32(binary.BigEndian.Uint32(hdr[4:8]))) })
			rest = rest[n:]
		}
		if !slices.Equal(got, want) {
			t.Errorf("chunks of %d: correlation ids %v, want %v", chunk, got, want)
		}
	}
}

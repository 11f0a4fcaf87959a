package streams

import (
	"encoding/binary"
	"hash"
)

// Hasher is the key hash of every goka processor, view and emitter of
// txstream: Kafka's standard partitioner hash, murmur2 (the Java client's
// default and librdkafka's murmur2_random), so that a record written by
// any standard client lands on the partition that the processors expect
// its key on. Sum32 masks the sign bit as Kafka does, which makes goka's
// and sarama's arithmetic (abs of the int32, modulo n) give Kafka's
// (murmur2(key) & 0x7fffffff) % n. Neither kgo nor sarama exports its
// murmur2 as a hash.Hash32, which goka needs; TestHasherIsKafkas checks this
// one against both of theirs.
func Hasher() func() hash.Hash32 {
	return func() hash.Hash32 { return new(murmur2Hash) }
}

// PartitionOf is the partition of key among n, as Kafka's partitioner and
// every txstream client put it.
func PartitionOf(key []byte, n int32) int32 {
	if n <= 0 {
		return 0
	}
	return int32(murmur2(key)&0x7fffffff) % n
}

// murmur2Hash buffers what is written: murmur2 is not incremental over
// its input's length, and keys are short.
type murmur2Hash struct{ buf []byte }

func (h *murmur2Hash) Write(p []byte) (int, error) {
	h.buf = append(h.buf, p...)
	return len(p), nil
}

func (h *murmur2Hash) Sum(b []byte) []byte { return binary.BigEndian.AppendUint32(b, h.Sum32()) }
func (h *murmur2Hash) Sum32() uint32       { return murmur2(h.buf) & 0x7fffffff }
func (h *murmur2Hash) Reset()              { h.buf = h.buf[:0] }
func (h *murmur2Hash) Size() int           { return 4 }
func (h *murmur2Hash) BlockSize() int      { return 4 }

// murmur2 is Kafka's Utils.murmur2 (clients/src/main/java/org/apache/kafka/
// common/utils/Utils.java): 32-bit MurmurHash2, seed 0x9747b28c.
func murmur2(b []byte) uint32 {
	const (
		seed uint32 = 0x9747b28c
		m    uint32 = 0x5bd1e995
		r           = 24
	)
	h := seed ^ uint32(len(b))
	for ; len(b) >= 4; b = b[4:] {
		k := binary.LittleEndian.Uint32(b)
		k *= m
		k ^= k >> r
		k *= m
		h *= m
		h ^= k
	}
	switch len(b) {
	case 3:
		h ^= uint32(b[2]) << 16
		fallthrough
	case 2:
		h ^= uint32(b[1]) << 8
		fallthrough
	case 1:
		h ^= uint32(b[0])
		h *= m
	}
	h ^= h >> 13
	h *= m
	h ^= h >> 15
	return h
}

package ratelimit

import "net/netip"

// partition is whose bucket a request spends: a key's name, or, for an
// anonymous request, its client's address block. The two never share a
// bucket, even for a key named like an address.
type partition struct {
	key   string
	block netip.Prefix
}

// addressBlock is the block one anonymous bucket covers: an IPv4 address
// alone, and an IPv6 /64, because one host is routinely given a whole /64
// and could otherwise take a fresh bucket per address. An IPv4 address
// mapped into IPv6 counts as the IPv4 address.
func addressBlock(addr netip.Addr) netip.Prefix {
	addr = addr.Unmap()
	bits := 32
	if addr.Is6() {
		bits = 64
	}
	p, _ := addr.Prefix(bits)
	return p
}

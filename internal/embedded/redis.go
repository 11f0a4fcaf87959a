package embedded

import (
	"fmt"

	"github.com/alicebob/miniredis/v2"
)

// StartRedis starts a Redis-protocol server on loopback at addr ("" or
// "127.0.0.1:0" picks a free port).
func StartRedis(addr string) (*miniredis.Miniredis, error) {
	srv := miniredis.NewMiniRedis()
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	if err := srv.StartAddr(addr); err != nil {
		return nil, fmt.Errorf("start embedded redis on %s: %w", addr, err)
	}
	return srv, nil
}

package testenv

import "errors"

// errRedisExited is returned by RedisServer.start when redis-server exited
// before it answered PING (its port taken, most likely).
var errRedisExited = errors.New("redis-server exited")

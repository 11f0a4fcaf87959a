package edge

import "sync/atomic"

// slots bounds one kind of concurrent request of a Server: the requests in
// flight, or the long polls waiting. A request that finds them taken is
// refused at once (503 overloaded), never queued, so memory stays bounded.
type slots struct {
	used atomic.Int64
	max  int64
}

// take reserves a slot; false when all are taken.
func (s *slots) take() bool {
	if s.used.Add(1) > s.max {
		s.used.Add(-1)
		return false
	}
	return true
}

// give returns a slot that take reserved.
func (s *slots) give() { s.used.Add(-1) }

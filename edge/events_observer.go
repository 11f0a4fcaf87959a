package edge

import (
	"errors"
	"os"
)

// StreamObserver is told what the event streams do. Routes are
// templates. Methods must be safe for concurrent use and not block.
type StreamObserver interface {
	// StreamOpen: delta is +1 when a stream starts and -1 when it ends.
	StreamOpen(service Service, route string, delta int)
	// EventsSent: n events went out on a stream of route.
	EventsSent(service Service, route string, n int)
	// StreamCut: a stream was ended because a write did not complete
	// within Config.EventWriteTimeout (a slow reader).
	StreamCut(service Service, route string)
}

// NopStreamObserver ignores everything; it is the default.
type NopStreamObserver struct{}

func (NopStreamObserver) StreamOpen(Service, string, int) {}
func (NopStreamObserver) EventsSent(Service, string, int) {}
func (NopStreamObserver) StreamCut(Service, string)       {}

func (s *Server) streamObserver() StreamObserver { return s.cfg.Streams }

// isStreamCut: err is a write that missed its deadline.
func isStreamCut(err error) bool { return errors.Is(err, os.ErrDeadlineExceeded) }

// EventRoute is one event stream route of one service: the labels of the
// stream metrics.
type EventRoute struct {
	Service Service
	Route   string
}

// EventRoutes lists the event stream routes.
func EventRoutes() []EventRoute {
	return []EventRoute{{ServiceTransaction, routeTransactionEvents}, {ServiceManager, routeEvents}}
}

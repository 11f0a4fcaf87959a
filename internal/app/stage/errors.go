package stage

import "errors"

// ErrDeadline is returned by Runner.Run when components were still running
// at the shutdown deadline.
var ErrDeadline = errors.New("shutdown deadline passed")

// ErrStoppedEarly is returned by Runner.Run for a component that returned
// before it was told to stop.
var ErrStoppedEarly = errors.New("stopped on its own")

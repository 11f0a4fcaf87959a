package app

// Check is one thing the process waits for before it is ready: a view, the
// processors, the index, dev's sample rates.
type Check struct {
	Name  string
	Ready func() bool
}

// readiness is the process's one answer to "ready?": every /readyz (the
// three services' and the process address's) and txstream_ready read it.
type readiness struct{ checks []Check }

func newReadiness(checks ...Check) *readiness { return &readiness{checks: checks} }

// NotReady lists the checks that do not hold yet, in order.
func (r *readiness) NotReady() []string {
	var waiting []string
	for _, c := range r.checks {
		if !c.Ready() {
			waiting = append(waiting, c.Name)
		}
	}
	return waiting
}

// Ready is true once every check holds.
func (r *readiness) Ready() bool { return len(r.NotReady()) == 0 }

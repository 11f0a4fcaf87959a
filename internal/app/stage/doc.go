// Package stage runs the long-running components of a process in stages
// and stops them in order within one deadline.
//
// It owns the goroutines of the components it runs and nothing else: which
// components exist, which stage each belongs to and how much of the
// deadline each stage's components take are the caller's (internal/app's
// shutdown table). It may not import the components' packages.
package stage

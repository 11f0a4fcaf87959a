//go:build race

package testenv

// RaceEnabled reports whether the tests run with the race detector.
const RaceEnabled = true

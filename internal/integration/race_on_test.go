//go:build race

package integration

// raceEnabled: the processes under test are built with -race too, so that
// a data race in any of them fails the test that drives it.
const raceEnabled = true

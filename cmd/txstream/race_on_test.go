//go:build race

package main

// raceEnabled: the binary under test is built with -race too, so that a
// data race in the composed process fails the end-to-end test.
const raceEnabled = true

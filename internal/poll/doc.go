// Package poll waits for a condition by asking it again, with a growing
// pause, until it holds, fails or a context ends. It is the one polling
// helper of the module: the launcher waits for a process with it,
// testenv.Eventually wraps it for tests, and the integration tier's
// checkers use it where they must not fail the test themselves.
//
// It owns no state and starts no goroutine; it may not import anything of
// txstream.
package poll

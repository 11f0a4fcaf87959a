// Package browser holds the operator console's browser tests: a real
// "txstream dev" (internal/testenv's launcher, on random ports) driven by
// a real headless Chromium through github.com/chromedp/chromedp. They
// load the console, search an id and read its completed history, watch a
// status change arrive live, replay a dead letter, read a transaction's
// webhook messages and the endpoints' deliveries (a local receiver that
// answers 500, one that answers 204), sign in under API keys
// and meet a missing scope, and fail on any request the pages make to a
// host other than the server.
//
// Chromium is Debian's (apt-get install -y chromium, .ci/run installs it):
// without it the tests skip, except under CI=true, where they fail.
//
// With TXSTREAM_SCREENSHOTS=DIR (make screenshots sets it to docs/) the
// tests also write a PNG of every page they visit, docs/console-*.png,
// which the README shows.
//
// The package has no code of its own: it owns the tests and nothing else.
package browser

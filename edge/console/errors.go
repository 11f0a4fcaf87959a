package console

import "errors"

// ErrInvalidConfig is returned by New when the Config cannot work.
var ErrInvalidConfig = errors.New("console: invalid config")

// errNoSession is returned by visitorOf when the request carries no
// login cookie, or one whose key is no longer valid.
var errNoSession = errors.New("no valid console session")

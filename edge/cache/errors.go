package cache

import "errors"

// ErrInvalidConfig is returned by Config.Validate, RefresherConfig.Validate,
// New and NewRefresher, wrapped: test with errors.Is.
var ErrInvalidConfig = errors.New("invalid cache config")

// Package dirwatch runs a reload whenever something changes in a few
// directories, debounced. It owns the watch loop that the API key file
// (edge/auth) and the listeners' certificates (internal/tlsfiles) share;
// it knows nothing of what is reloaded and never reads the files itself.
//
// Directories are watched, not files: a file replaced by a rename, and
// Kubernetes' Secret volumes, which swap a ..data symlink to a new
// directory, leave a watch on the old inode blind.
package dirwatch

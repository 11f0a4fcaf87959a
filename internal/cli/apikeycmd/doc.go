// Package apikeycmd is "txstream apikey new": it makes a fresh API key
// with the given scopes, appends its record (the key's hash, never the
// key) to the key file, and prints the key alone on the first line of
// standard output, once, so that a script can capture it
// (KEY=$(txstream apikey new ...)) while the operator reads the note on
// standard error.
//
// It owns the command's steps and what it tells the operator. The key
// file's format, the key's shape and the locking of concurrent appends
// are edge/auth's (auth.NewRecord, auth.AppendRecord). It reads no flag or
// environment variable: cmd/txstream fills a Config from the settings
// table. A running server sees the new key when it re-reads the file
// (auth.Keys.Run); nothing here talks to it.
package apikeycmd

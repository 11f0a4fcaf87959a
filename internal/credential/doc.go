// Package credential holds the passwords txstream's Kafka and Redis
// clients log in with: read from a file (ReadPasswordFile) and never from
// a flag, which ps and the shell's history would show, and kept in a
// Password, which prints as [redacted] through fmt, slog, JSON and text
// marshalling, so that a configuration can be logged whole. CheckFileMode
// is the permission rule of every file that holds a secret or grants
// access, the API key file of edge/auth included.
//
// It reads files only, and may import nothing of txstream.
package credential

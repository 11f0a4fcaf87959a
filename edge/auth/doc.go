// Package auth is the API keys of issue 13: the scopes a key may hold,
// generating a key and its record, the key file, and the Keys store that
// turns an Authorization header into a Principal and follows the file
// when it changes.
//
// It owns the key file's format and every rule about keys: how one is
// generated, how it is stored (only its SHA-256; key.go says why that is
// enough for 256-bit random keys), how a header is parsed (ParseBearer,
// strict RFC 6750) and how a key is looked up (keys.go says why by hash).
// It may not touch HTTP: it takes the header's bytes and returns a
// Principal or one of the sentinels of errors.go, and the edge maps those
// to 401 (ErrNoCredentials, ErrBadCredentials, with WWW-Authenticate:
// Bearer) and 403 (ErrScope) through its own catalog. It reads no flag or
// environment variable, registers no metric (Config.OnReload is the
// hook) and writes to no log but the one it is given. No key, and no part
// of one, is ever in an error, a log line or a String: Principal and
// Record print the key's name and key id (the first 8 hex digits of its
// hash) only.
//
// # The key file
//
// JSON Lines: one record per line, a JSON object with exactly these
// members, all required:
//
//	# txstream API keys: written by "txstream apikey new", one key per line
//	{"name":"ingest-eu","scopes":["transactions:write","transactions:read"],"created":"2026-12-07T02:50:00Z","sha256":"3f1c...64 hex digits"}
//	{"name":"grafana","scopes":["ops"],"created":"2026-12-07T03:01:12Z","sha256":"9ab0...64 hex digits"}
//
// The members:
//
//   - name: 1 to 64 of A-Z a-z 0-9 . _ @ -, starting with a letter or a
//     digit, not starting with "txs_"; it is what audit lines print, so it
//     is unique in the file.
//   - scopes: a non-empty array of the scope names of scope.go.
//   - created: RFC 3339, written in UTC to the second.
//   - sha256: the SHA-256 of the whole key ("txs_" included) in hex;
//     unique in the file.
//
// Leading and trailing white space of a line is ignored; a line that is
// then empty, or starts with #, is skipped (a comment must be a line of
// its own). An unknown member, a missing one, an unknown scope, a bad
// time or hash, a second record with the same name or hash, or a line
// over 4 KiB is an error naming the file and the line (LineError), never
// quoting it. A file without any record is refused too (ErrNoKeys).
//
// Revoking a key is deleting its line; adding one is "txstream apikey
// new" (AppendRecord: O_APPEND under an flock, fsynced) or any editor. A
// file that group or others may write is refused; one they may read is
// loaded with a warning (filemode.go says why). A running Keys re-reads the
// file when its directory changes (Run, watch.go); a file that fails to
// load leaves the previous keys in force.
//
// # Keys
//
// A key is "txs_" followed by 32 random bytes in base64url without
// padding, 47 characters: the prefix lets secret scanners find leaked
// keys, and anything of another shape is refused before it is hashed.
// The key is shown once, when it is made; the file cannot give it back.
//
// State: a Keys holds one immutable key set behind an atomic pointer,
// replaced whole by Run's goroutine; Authenticate reads it without locks.
package auth

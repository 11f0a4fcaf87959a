// Package tlsfiles builds TLS configurations from PEM files: a server's
// (every HTTP listener of txstream: the three services and the process
// address), whose certificate and client CA are reloaded when their files
// change, and a client's (the Kafka and Redis clients), read once.
//
// It lives under internal/ and not under edge/ because its users are the
// composition root, which wraps the listeners it binds with
// tls.NewListener, and the Kafka and Redis clients it builds; the edge
// itself never sees TLS.
//
// Both sides require TLS 1.2 at least (MinVersion): 1.3-only would refuse
// Kafka and Redis clients and brokers that stop at 1.2 (older JVMs,
// librdkafka builds on old OpenSSL, managed services), while Go's 1.2
// offers only ECDHE key exchange with AEAD ciphers by default, so allowing
// 1.2 weakens nothing that Go would negotiate.
//
// State it owns: per Server, the certificate pair and client CA pool in
// force, swapped whole under an atomic pointer by the goroutine of Run, so
// a handshake sees either the old files or the new ones. It reads files
// only, and may import nothing of txstream.
package tlsfiles

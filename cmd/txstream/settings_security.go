package main

import (
	"net"
)

// securitySettings are the keys, limits and certificates of the services
// and the logins to Kafka and Redis. Every secret is read from a file (or
// the key file's hashes): none is a flag, which ps and shell histories
// show.
func securitySettings(c *config) []setting {
	s := &c.Security
	return concat([]setting{
		set("api-keys", stringValue{&s.APIKeys}, "",
			"API key file (JSON Lines, written by txstream apikey new): every route but /healthz and /readyz then needs Authorization: Bearer KEY with the route's scope; the file is re-read when it changes. serve refuses to start without it unless --allow-anonymous", cmdRuntime),
		set("allow-anonymous", boolValue{&s.AllowAnonymous}, "false",
			"serve without --api-keys: every route open to whoever reaches the addresses", cmdServe),
		set("rate-limit", intValue{&s.RateLimit}, "0",
			"requests per second each API key may make (without keys: each client address); beyond it 429 with Retry-After; 0 is no limit", cmdRuntime),
		set("rate-burst", intValue{&s.RateBurst}, "0",
			"requests a key may make at once before --rate-limit applies; 0 is one second's worth (--rate-limit)", cmdRuntime),
		set("tls-cert", stringValue{&s.TLS.Cert}, "",
			"PEM certificate (chain) of every listener: the services and --metrics-addr then serve HTTPS only; reloaded when the file changes (replace it by a rename)", cmdRuntime),
		set("tls-key", stringValue{&s.TLS.Key}, "",
			"PEM private key of --tls-cert", cmdRuntime),
		set("tls-client-ca", stringValue{&s.TLS.ClientCA}, "",
			"PEM CA bundle for mutual TLS: every client must present a certificate it signed (needs --tls-cert)", cmdRuntime),
	}, kafkaSecuritySettings(c), redisSecuritySettings(c))
}

func kafkaSecuritySettings(c *config) []setting {
	k := &c.Security.Kafka
	return []setting{
		set("kafka-tls", boolValue{&k.TLS}, "false",
			"connect to the brokers over TLS (implied by --kafka-tls-ca, --kafka-tls-cert)", cmdClient),
		set("kafka-tls-ca", stringValue{&k.TLSFiles.CA}, "",
			"PEM CA bundle the brokers' certificates must chain to; empty trusts the system's roots", cmdClient),
		set("kafka-tls-cert", stringValue{&k.TLSFiles.Cert}, "",
			"PEM client certificate for brokers that ask for one (with --kafka-tls-key)", cmdClient),
		set("kafka-tls-key", stringValue{&k.TLSFiles.Key}, "",
			"PEM private key of --kafka-tls-cert", cmdClient),
		set("kafka-sasl-mechanism", mechanismValue{&k.Mechanism}, "",
			"SASL login of every Kafka client: SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN (PLAIN only with TLS); empty logs in as nobody", cmdClient),
		set("kafka-sasl-user", stringValue{&k.User}, "",
			"SASL user of --kafka-sasl-mechanism", cmdClient),
		set("kafka-sasl-password-file", stringValue{&k.PasswordFile}, "",
			"file holding the SASL password (one trailing newline is dropped; not writable by others)", cmdClient),
	}
}

func redisSecuritySettings(c *config) []setting {
	r := &c.Security.Redis
	return []setting{
		set("redis-user", stringValue{&r.User}, "",
			"Redis ACL user of the cache (needs --redis-password-file); empty with a password file: the default user (requirepass)", cmdRuntime),
		set("redis-password-file", stringValue{&r.PasswordFile}, "",
			"file holding the Redis password (one trailing newline is dropped; not writable by others)", cmdRuntime),
		set("redis-tls", boolValue{&r.TLS}, "false",
			"connect to Redis over TLS (implied by --redis-tls-ca, --redis-tls-cert)", cmdRuntime),
		set("redis-tls-ca", stringValue{&r.TLSFiles.CA}, "",
			"PEM CA bundle Redis's certificate must chain to; empty trusts the system's roots", cmdRuntime),
		set("redis-tls-cert", stringValue{&r.TLSFiles.Cert}, "",
			"PEM client certificate for a Redis that asks for one (with --redis-tls-key)", cmdRuntime),
		set("redis-tls-key", stringValue{&r.TLSFiles.Key}, "",
			"PEM private key of --redis-tls-cert", cmdRuntime),
	}
}

// loopback is addr on 127.0.0.1 when it names no host: dev's default
// addresses, so that a development process, open by default, is not
// reachable from the network.
func loopback(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || host != "" {
		return addr
	}
	return net.JoinHostPort("127.0.0.1", port)
}

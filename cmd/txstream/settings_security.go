package main

import (
	"net"

	"github.com/txstream/txstream/internal/tlsfiles"
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
			"PEM certificate (chain) of every listener: the services and --metrics-addr then serve HTTPS only; reloaded when the file changes (replace it by a rename)", cmdRuntime|cmdHealthcheck),
		set("tls-key", stringValue{&s.TLS.Key}, "",
			"PEM private key of --tls-cert", cmdRuntime),
		set("tls-client-ca", stringValue{&s.TLS.ClientCA}, "",
			"PEM CA bundle for mutual TLS: every client must present a certificate it signed (needs --tls-cert)", cmdRuntime|cmdHealthcheck),
	}, kafkaSecuritySettings(c), redisSecuritySettings(c))
}

func kafkaSecuritySettings(c *config) []setting {
	k := &c.Security.Kafka
	return append(clientTLSSettings("kafka", "the brokers", &k.TLS, &k.TLSFiles, cmdClient),
		set("kafka-sasl-mechanism", mechanismValue{&k.Mechanism}, "",
			"SASL login of every Kafka client: SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN (PLAIN only with TLS); empty logs in as nobody", cmdClient),
		set("kafka-sasl-user", stringValue{&k.User}, "",
			"SASL user of --kafka-sasl-mechanism", cmdClient),
		set("kafka-sasl-password-file", stringValue{&k.PasswordFile}, "",
			"file holding the SASL password (one trailing newline is dropped; not writable by others)", cmdClient),
	)
}

func redisSecuritySettings(c *config) []setting {
	r := &c.Security.Redis
	return append([]setting{
		set("redis-user", stringValue{&r.User}, "",
			"Redis ACL user of the cache (needs --redis-password-file); empty with a password file: the default user (requirepass)", cmdRuntime),
		set("redis-password-file", stringValue{&r.PasswordFile}, "",
			"file holding the Redis password (one trailing newline is dropped; not writable by others)", cmdRuntime),
	}, clientTLSSettings("redis", "Redis", &r.TLS, &r.TLSFiles, cmdRuntime)...)
}

// clientTLSSettings are a client's TLS settings, --PREFIX-tls and its
// files, for the connections to peer.
func clientTLSSettings(prefix, peer string, on *bool, f *tlsfiles.ClientFiles, cmds command) []setting {
	p := prefix + "-tls"
	return []setting{
		set(p, boolValue{on}, "false",
			"connect to "+peer+" over TLS (implied by --"+p+"-ca, --"+p+"-cert)", cmds),
		set(p+"-ca", stringValue{&f.CA}, "",
			"PEM CA bundle the certificate of "+peer+" must chain to; empty trusts the system's roots", cmds),
		set(p+"-cert", stringValue{&f.Cert}, "",
			"PEM client certificate, for "+peer+" asking for one (with --"+p+"-key)", cmds),
		set(p+"-key", stringValue{&f.Key}, "",
			"PEM private key of --"+p+"-cert", cmds),
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

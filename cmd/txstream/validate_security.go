package main

import (
	"github.com/txstream/txstream/internal/app"
	"github.com/txstream/txstream/internal/tlsfiles"
	"github.com/txstream/txstream/streams"
)

// checkSecurity checks the security settings of cmd: pairs given whole,
// a login with its password file, no password in the clear. That the files
// exist and can be read is checked when they are read, still before
// anything starts.
func (c *config) checkSecurity(cmd command) error {
	if cmd&cmdClient != 0 {
		if err := c.checkKafkaSecurity(); err != nil {
			return err
		}
	}
	if cmd&cmdRuntime == 0 {
		return nil
	}
	s := c.Security
	switch {
	case s.RateLimit < 0:
		return invalid("rate-limit", "%d, need 0 (no limit) or more", s.RateLimit)
	case s.RateBurst < 0:
		return invalid("rate-burst", "%d, need 0 (a second's worth) or more", s.RateBurst)
	case s.RateBurst > 0 && s.RateLimit == 0:
		return invalid("rate-burst", "%d without --rate-limit", s.RateBurst)
	case s.AllowAnonymous && s.APIKeys != "":
		return invalid("allow-anonymous", "with --api-keys: choose keys or an open service, not both")
	}
	if err := checkPair("tls-cert", "tls-key", s.TLS.Cert, s.TLS.Key); err != nil {
		return err
	}
	if s.TLS.ClientCA != "" && s.TLS.Cert == "" {
		return invalid("tls-client-ca", "without --tls-cert: mutual TLS needs the server's certificate")
	}
	if err := c.checkRedisSecurity(); err != nil {
		return err
	}
	if cmd == cmdDev {
		return c.checkEmbeddedLogins()
	}
	return nil
}

// checkEmbeddedLogins refuses a login or TLS aimed at dev's embedded
// broker or Redis, which have neither: ignoring it would let an operator
// believe the connection is protected.
func (c *config) checkEmbeddedLogins() error {
	k, r := c.Security.Kafka, c.Security.Redis
	if len(c.Brokers) == 0 {
		if name := kafkaLoginSetting(k); name != "" {
			return invalid(name, "dev's embedded broker has no login or TLS; give --brokers to use a real Kafka")
		}
	}
	if c.Redis == "" {
		if name := redisLoginSetting(r); name != "" {
			return invalid(name, "dev's embedded Redis has no login or TLS; give --redis to use a real Redis")
		}
	}
	return nil
}

// kafkaLoginSetting names the first Kafka login or TLS setting given.
func kafkaLoginSetting(k app.KafkaSecurity) string {
	switch {
	case k.Mechanism != streams.SASLNone:
		return "kafka-sasl-mechanism"
	case k.TLS:
		return "kafka-tls"
	}
	return ""
}

// redisLoginSetting names the first Redis login or TLS setting given.
func redisLoginSetting(r app.RedisSecurity) string {
	switch {
	case r.User != "":
		return "redis-user"
	case r.PasswordFile != "":
		return "redis-password-file"
	case r.TLS:
		return "redis-tls"
	}
	return ""
}

func (c *config) checkKafkaSecurity() error {
	k := &c.Security.Kafka
	if err := checkClientFiles("kafka-tls", k.TLSFiles); err != nil {
		return err
	}
	k.TLS = k.TLS || k.TLSFiles.CA != "" || k.TLSFiles.Cert != ""
	switch {
	case k.Mechanism == streams.SASLNone && (k.User != "" || k.PasswordFile != ""):
		return invalid("kafka-sasl-mechanism", "none given, but --kafka-sasl-user or --kafka-sasl-password-file is")
	case k.Mechanism != streams.SASLNone && k.User == "":
		return invalid("kafka-sasl-user", "none given; --kafka-sasl-mechanism %s needs a user", k.Mechanism)
	case k.Mechanism != streams.SASLNone && k.PasswordFile == "":
		return invalid("kafka-sasl-password-file", "none given; --kafka-sasl-mechanism %s needs a password file", k.Mechanism)
	case k.Mechanism == streams.SASLPlain && !k.TLS:
		return invalid("kafka-sasl-mechanism", "PLAIN without --kafka-tls would send the password in the clear")
	}
	return nil
}

func (c *config) checkRedisSecurity() error {
	r := &c.Security.Redis
	if err := checkClientFiles("redis-tls", r.TLSFiles); err != nil {
		return err
	}
	r.TLS = r.TLS || r.TLSFiles.CA != "" || r.TLSFiles.Cert != ""
	if r.User != "" && r.PasswordFile == "" {
		return invalid("redis-password-file", "none given; --redis-user %s needs a password file", r.User)
	}
	return nil
}

// checkClientFiles checks a client's certificate and key, named by prefix
// (--kafka-tls-cert, --kafka-tls-key).
func checkClientFiles(prefix string, f tlsfiles.ClientFiles) error {
	return checkPair(prefix+"-cert", prefix+"-key", f.Cert, f.Key)
}

// checkPair requires a certificate and its key together.
func checkPair(certName, keyName, cert, key string) error {
	switch {
	case cert != "" && key == "":
		return invalid(keyName, "none given; --%s needs its key", certName)
	case key != "" && cert == "":
		return invalid(certName, "none given; --%s needs its certificate", keyName)
	}
	return nil
}

// checkClosed refuses a serve without API keys unless told so: a server
// is reached by others, and an open one lets anyone change the rates and
// read every table. dev stays open (on loopback) and says so in its
// banner.
func (c *config) checkClosed(cmd command) error {
	if cmd != cmdServe || c.Security.APIKeys != "" || c.Security.AllowAnonymous {
		return nil
	}
	return usagef("refusing to serve without API keys: give --api-keys FILE (TXSTREAM_API_KEYS; txstream apikey new writes one), or --allow-anonymous to serve every route to anyone who reaches it")
}

package main

import "errors"

// errUsage is returned for a missing or unknown command or argument.
var errUsage = errors.New("usage: probe ports N | probe ready -brokers HOST:PORT[,...] [-timeout D] [SECURITY] | probe pki -dir DIR | probe setup -brokers HOST:PORT[,...] [-scram USER=FILE]... [-acl-user U -acl-prefix P] SECURITY")

// errNotReady is returned by ready when the brokers answer but cannot serve
// clients yet: no broker registered, or no active controller.
var errNotReady = errors.New("broker not ready")

package main

import "errors"

// errUsage is returned for a missing or unknown command or argument.
var errUsage = errors.New("usage: probe ports N | probe ready -brokers HOST:PORT[,...] [-timeout D]")

// errNotReady is returned by ready when the brokers answer but cannot serve
// clients yet: no broker registered, or no active controller.
var errNotReady = errors.New("broker not ready")

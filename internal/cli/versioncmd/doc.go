// Package versioncmd is txstream version: the version, module, Go
// version and version-control stamp of the binary.
//
// It owns nothing but its output; the version stamped at link time is
// package main's (-X main.version) and is handed to Run.
package versioncmd

// Package healthcmd is txstream healthcheck: one probe of a running
// process's /healthz (or /readyz) on its process address, for a container
// image that has no shell, curl or wget to run one with.
//
// It owns nothing but one HTTP request; it reads the process's settings
// (the process address and, under TLS, the certificate the process serves)
// from the Config that package main fills from the same flags and
// environment as serve's, so a HEALTHCHECK in the image needs no arguments.
package healthcmd

package main

import (
	"flag"
	"fmt"

	"github.com/txstream/txstream/internal/testenv/pki"
)

// writePKI writes a fresh test CA, server and client certificate into -dir
// (internal/testenv/pki) and prints each file as KEY=PATH.
func writePKI(args []string) error {
	fs := flag.NewFlagSet("pki", flag.ContinueOnError)
	dir := fs.String("dir", "", "directory to write the PEM files into")
	if err := fs.Parse(args); err != nil || *dir == "" {
		return errUsage
	}
	f, err := pki.Write(*dir)
	if err != nil {
		return err
	}
	fmt.Printf("CA=%s\nSERVER_CERT=%s\nSERVER_KEY=%s\nSERVER_KEYSTORE=%s\nCLIENT_CERT=%s\nCLIENT_KEY=%s\n",
		f.CA, f.ServerCert, f.ServerKey, f.ServerKeystore, f.ClientCert, f.ClientKey)
	return nil
}

package main

import (
	"context"
	"flag"
	"fmt"
	"strings"
	"time"
)

// users is a repeatable -scram USER=PASSWORD_FILE flag.
type users map[string]string

func (u users) String() string { return fmt.Sprint(map[string]string(u)) }

func (u users) Set(v string) error {
	name, file, ok := strings.Cut(v, "=")
	if !ok || name == "" || file == "" {
		return fmt.Errorf("%w: -scram takes USER=PASSWORD_FILE, got %q", errUsage, v)
	}
	u[name] = file
	return nil
}

// setup logs in as the admin and gives the broker its users' SCRAM-SHA-512
// credentials and the txstream user's ACLs, through the Kafka protocol
// (AlterUserScramCredentials, CreateAcls), so that no password is ever an
// argument of a process.
func setup(args []string) error {
	fs := flag.NewFlagSet("setup", flag.ContinueOnError)
	brokers := fs.String("brokers", "", "comma-separated HOST:PORT list")
	timeout := fs.Duration("timeout", 30*time.Second, "bound on the whole setup")
	aclUser := fs.String("acl-user", "", "user to grant txstream's ACLs to")
	prefix := fs.String("acl-prefix", "", "topic, group and transactional id prefix of those ACLs")
	scramUsers := users{}
	fs.Var(scramUsers, "scram", "USER=PASSWORD_FILE to give SCRAM-SHA-512 credentials (repeatable)")
	var sec security
	sec.register(fs)
	if err := fs.Parse(args); err != nil || *brokers == "" || (*aclUser == "") != (*prefix == "") {
		return errUsage
	}
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()
	cl, err := sec.client(*brokers)
	if err != nil {
		return err
	}
	defer cl.Close()
	if err := upsertSCRAM(ctx, cl, scramUsers); err != nil {
		return err
	}
	if *aclUser == "" {
		return nil
	}
	return createACLs(ctx, cl, txstreamACLs(*aclUser, *prefix))
}

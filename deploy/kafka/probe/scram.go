package main

import (
	"context"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha512"
	"fmt"
	"sort"

	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"
)

const (
	// scramSHA512 is the mechanism's number in AlterUserScramCredentials.
	scramSHA512 = 2
	// scramIterations is the broker's minimum for SCRAM-SHA-512.
	scramIterations = 4096
)

// upsertSCRAM sets each user's SCRAM-SHA-512 credential from its password
// file. The client salts and hashes, so the password never leaves here.
func upsertSCRAM(ctx context.Context, cl *kgo.Client, u users) error {
	if len(u) == 0 {
		return nil
	}
	req := kmsg.NewPtrAlterUserSCRAMCredentialsRequest()
	for _, name := range sortedNames(u) {
		up, err := upsertion(name, u[name])
		if err != nil {
			return err
		}
		req.Upsertions = append(req.Upsertions, up)
	}
	resp, err := req.RequestWith(ctx, cl)
	if err != nil {
		return fmt.Errorf("alter scram credentials: %w", err)
	}
	for _, r := range resp.Results {
		if e := kerr.ErrorForCode(r.ErrorCode); e != nil {
			return fmt.Errorf("scram credential of %s: %w", r.User, e)
		}
	}
	return nil
}

func upsertion(name, passwordFile string) (kmsg.AlterUserSCRAMCredentialsRequestUpsertion, error) {
	up := kmsg.NewAlterUserSCRAMCredentialsRequestUpsertion()
	pass, err := readSecret(passwordFile)
	if err != nil {
		return up, err
	}
	salt := make([]byte, 32)
	if _, err := rand.Read(salt); err != nil {
		return up, fmt.Errorf("salt: %w", err)
	}
	salted, err := pbkdf2.Key(sha512.New, pass, salt, scramIterations, sha512.Size)
	if err != nil {
		return up, fmt.Errorf("salt password of %s: %w", name, err)
	}
	up.Name, up.Mechanism, up.Iterations = name, scramSHA512, scramIterations
	up.Salt, up.SaltedPassword = salt, salted
	return up, nil
}

func sortedNames(u users) []string {
	names := make([]string, 0, len(u))
	for n := range u {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

package main

import (
	"fmt"
	"net"
	"strconv"
)

// ports prints n loopback ports that were free a moment ago, one a line.
func ports(args []string) error {
	if len(args) != 1 {
		return errUsage
	}
	n, err := strconv.Atoi(args[0])
	if err != nil || n < 1 {
		return fmt.Errorf("%w: N must be a positive number, got %q", errUsage, args[0])
	}
	found, err := freePorts(n)
	if err != nil {
		return err
	}
	for _, p := range found {
		fmt.Println(p)
	}
	return nil
}

// freePorts holds every listener until all n ports are chosen, so the n
// ports differ from each other.
func freePorts(n int) ([]int, error) {
	var held []net.Listener
	defer func() {
		for _, l := range held {
			_ = l.Close()
		}
	}()
	found := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("find a free port: %w", err)
		}
		held = append(held, l)
		found = append(found, l.Addr().(*net.TCPAddr).Port)
	}
	return found, nil
}

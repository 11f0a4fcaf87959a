package launch_test

import (
	"context"
	"fmt"
	"syscall"
	"time"

	"github.com/txstream/txstream/internal/launch"
)

// Start a dev process on ports it picks itself, wait for its /readyz, use
// its addresses, stop it.
func ExampleStart() {
	ctx := context.Background()
	p, err := launch.Start(ctx, launch.Options{Binary: "bin/txstream", Args: []string{"dev", "--data-dir", ""}})
	if err != nil {
		fmt.Println(err) // ErrExited with the output's end, or ErrNotReady
		return
	}
	if err := p.WaitReady(ctx); err != nil {
		fmt.Println(err)
	}
	fmt.Println("POST to", p.URL(launch.Transaction, "/transactions"))
	fmt.Println("broker at", p.Addresses()[launch.Kafka])
	if code, err := p.Stop(syscall.SIGTERM, 30*time.Second); err != nil || code != 0 {
		fmt.Println("exit", code, err)
	}
}

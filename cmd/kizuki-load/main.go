// Command kizuki-load drives a Kizuki server with simulated participants
// over real WebSockets and reports latency, throughput and errors.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, errRunFailed) {
			fmt.Fprintln(os.Stderr, "kizuki-load:", err)
		}
		os.Exit(1)
	}
}

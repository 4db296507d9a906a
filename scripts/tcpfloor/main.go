// Command tcpfloor measures the floor under Kizuki's delivery latency on
// this machine: one process writes a 400-byte message to each of N loopback
// TCP connections, 10 times a second, and a second process (this program
// again) reads them and reports how long each took from write to read. No
// WebSocket, no JSON, no database: what is left is the kernel, the two Go
// runtimes and the cores they share, as with kizuki and kizuki-load.
//
//	go run ./scripts/tcpfloor -n 1000 -rounds 300
package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"net"
	"os"
	"os/exec"
	"slices"
	"sync"
	"time"
)

func main() {
	n := flag.Int("n", 1000, "connections")
	rounds := flag.Int("rounds", 300, "broadcasts, 100 ms apart")
	reader := flag.String("reader", "", "internal: read from this address as the second process")
	flag.Parse()
	if *reader != "" {
		if err := read(*n, *reader); err != nil {
			fmt.Fprintln(os.Stderr, "tcpfloor:", err)
			os.Exit(1)
		}
		return
	}
	if err := write(*n, *rounds); err != nil {
		fmt.Fprintln(os.Stderr, "tcpfloor:", err)
		os.Exit(1)
	}
}

// write accepts n connections from a reader process and broadcasts to them.
func write(n, rounds int) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	defer ln.Close()
	self, err := os.Executable()
	if err != nil {
		return err
	}
	cmd := exec.Command(self, "-n", fmt.Sprint(n), "-reader", ln.Addr().String())
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	if err := cmd.Start(); err != nil {
		return err
	}
	conns := make([]net.Conn, 0, n)
	for range n {
		c, err := ln.Accept()
		if err != nil {
			return err
		}
		conns = append(conns, c)
	}
	time.Sleep(time.Second) // let the reader settle
	msg := make([]byte, 400)
	for range rounds {
		time.Sleep(100 * time.Millisecond)
		binary.LittleEndian.PutUint64(msg, uint64(time.Now().UnixNano()))
		// One writer per core, each with its share, as a room flushes.
		var wg sync.WaitGroup
		half := len(conns) / 2
		wg.Go(func() {
			for _, c := range conns[half:] {
				_, _ = c.Write(msg)
			}
		})
		for _, c := range conns[:half] {
			_, _ = c.Write(msg)
		}
		wg.Wait()
	}
	time.Sleep(500 * time.Millisecond)
	for _, c := range conns {
		c.Close()
	}
	return cmd.Wait()
}

// read connects n times, reads until the writer closes, and prints percentiles.
func read(n int, addr string) error {
	var mu sync.Mutex
	var lat []time.Duration
	var wg sync.WaitGroup
	for range n {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			return err
		}
		wg.Go(func() {
			defer c.Close()
			buf := make([]byte, 1024)
			for {
				k, err := c.Read(buf)
				if err != nil {
					return
				}
				at := time.Now().UnixNano()
				if k < 8 {
					continue
				}
				d := time.Duration(at - int64(binary.LittleEndian.Uint64(buf)))
				mu.Lock()
				lat = append(lat, d)
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	if len(lat) == 0 {
		return fmt.Errorf("nothing was read")
	}
	slices.Sort(lat)
	p := func(q float64) float64 { return float64(lat[int(q*float64(len(lat)-1))].Microseconds()) / 1000 }
	fmt.Printf("loopback TCP broadcast, %d connections, %d deliveries: p50 %.2f, p95 %.2f, p99 %.2f, max %.2f ms\n",
		n, len(lat), p(.5), p(.95), p(.99), p(1))
	return nil
}

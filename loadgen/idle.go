package loadgen

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"
)

// idleSettle lets the server finish the presence messages and garbage of
// the ramp-up before its memory is read (only when it is read).
const idleSettle = 3 * time.Second

// runIdle: N participants over the workshops join over HTTP, then connect and
// stay connected for the duration. With ServerPID, the server's RSS is read
// after the joins (before any socket) and after the connects: the difference
// per connection is what an idle connection costs.
func (d *driver) runIdle(ctx context.Context, rep *Report) error {
	setup := time.Now()
	joined := d.joinAll(ctx, d.cfg.Participants)
	joinTime := time.Since(setup)
	mem := &Memory{ServerPID: d.cfg.ServerPID}
	readServer := func() int64 {
		if d.cfg.ServerPID == 0 {
			return 0
		}
		kib, err := readRSS(d.cfg.ServerPID)
		if err != nil {
			d.m.fail("rss_read")
			rep.Notes = append(rep.Notes, "reading the server's RSS: "+err.Error())
		}
		return kib
	}
	settle := func() {
		if d.cfg.ServerPID != 0 {
			sleepUntil(ctx, time.Now().Add(idleSettle))
		}
	}
	settle()
	mem.ServerBeforeKiB = readServer()
	selfBefore, _ := readRSS(os.Getpid())

	connectStart := time.Now()
	ps := d.connectAll(ctx, joined)
	connectTime := time.Since(connectStart)
	rep.SetupSeconds = seconds(joinTime + connectTime)
	settle()
	mem.ServerConnectedKiB = readServer()
	selfAfter, _ := readRSS(os.Getpid())
	if n := int64(len(ps)); n > 0 {
		if mem.ServerConnectedKiB > 0 {
			mem.ServerPerConnKiB = float64(mem.ServerConnectedKiB-mem.ServerBeforeKiB) / float64(n)
		}
		if selfAfter > 0 {
			mem.LoadGenPerConnKiB = float64(selfAfter-selfBefore) / float64(n)
		}
	}
	d.logf("%d connections open across %d workshops (connected in %.1fs); holding for %s", len(ps), len(d.workshops), connectTime.Seconds(), d.cfg.Duration)
	start := d.startWindow()
	sleepUntil(ctx, start.Add(d.cfg.Duration))
	mem.ServerEndKiB = readServer()
	rep.WindowSeconds = seconds(time.Since(start))
	rep.Memory = mem
	return nil
}

// readRSS reads a process's resident set size in KiB from /proc/PID/status.
func readRSS(pid int) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	return parseRSS(f)
}

func parseRSS(f io.Reader) (int64, error) {
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Bytes()
		if !bytes.HasPrefix(line, []byte("VmRSS:")) {
			continue
		}
		fields := bytes.Fields(line[len("VmRSS:"):])
		if len(fields) != 2 || string(fields[1]) != "kB" {
			break
		}
		return strconv.ParseInt(string(fields[0]), 10, 64)
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("no VmRSS line in the process status")
}

package loadgen

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"runtime"
	"strconv"
	"time"
)

// clockTicks is Linux's USER_HZ, the unit of the CPU times in /proc.
const clockTicks = 100

// cpuSample is the CPU time used so far by the machine, this process and the server.
type cpuSample struct {
	at                    time.Time
	machine, self, server float64 // seconds
	ok                    bool
}

// sampleCPU reads /proc; ok is false where there is none.
func sampleCPU(serverPID int) cpuSample {
	s := cpuSample{at: time.Now()}
	var err error
	if s.machine, err = machineBusy(); err != nil {
		return s
	}
	if s.self, err = processCPU(os.Getpid()); err != nil {
		return s
	}
	if serverPID != 0 {
		s.server, _ = processCPU(serverPID)
	}
	s.ok = true
	return s
}

// CPU is the processor use during the measured window, in cores busy on
// average: the server and the load generator share the machine, and other
// processes running at the same time skew the figures.
type CPU struct {
	Cores   int     `json:"cores"`
	Server  float64 `json:"server,omitempty"` // only with --server-pid
	LoadGen float64 `json:"loadgen"`
	Other   float64 `json:"other"` // everything else on the machine (with --server-pid), or everything but the generator
}

func cpuBetween(a, b cpuSample) *CPU {
	wall := b.at.Sub(a.at).Seconds()
	if !a.ok || !b.ok || wall <= 0 {
		return nil
	}
	round := func(v float64) float64 { return math.Round(max(0, v)/wall*100) / 100 }
	c := &CPU{Cores: runtime.NumCPU(), LoadGen: round(b.self - a.self), Server: round(b.server - a.server)}
	c.Other = round((b.machine - a.machine) - (b.self - a.self) - (b.server - a.server))
	return c
}

// processCPU is a process's user+system CPU seconds from /proc/PID/stat.
func processCPU(pid int) (float64, error) {
	data, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, err
	}
	// The command name may hold spaces; the fields after it are fixed.
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	fields := bytes.Fields(data[i+1:])
	if len(fields) < 13 {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	utime, err1 := strconv.ParseFloat(string(fields[11]), 64) // field 14 of the file
	stime, err2 := strconv.ParseFloat(string(fields[12]), 64) // field 15
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("unexpected /proc/%d/stat", pid)
	}
	return (utime + stime) / clockTicks, nil
}

// machineBusy is the CPU seconds all processors spent not idle, from /proc/stat.
func machineBusy() (float64, error) {
	data, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0, err
	}
	line, _, _ := bytes.Cut(data, []byte("\n"))
	fields := bytes.Fields(line)
	if len(fields) < 8 || string(fields[0]) != "cpu" {
		return 0, fmt.Errorf("unexpected /proc/stat")
	}
	busy := 0.0
	// user nice system idle iowait irq softirq steal: all but idle and iowait.
	for i, f := range fields[1:min(9, len(fields))] {
		if i == 3 || i == 4 {
			continue
		}
		v, err := strconv.ParseFloat(string(f), 64)
		if err != nil {
			return 0, fmt.Errorf("unexpected /proc/stat")
		}
		busy += v
	}
	return busy / clockTicks, nil
}

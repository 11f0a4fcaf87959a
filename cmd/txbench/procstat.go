package main

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// procSample is what /proc says of a process at one moment.
type procSample struct {
	At     time.Time
	CPU    time.Duration // user + system time so far
	RSSKiB int64         // VmRSS
	HWMKiB int64         // VmHWM: the peak resident set so far
}

// readProc samples process pid ("self" for this one).
func readProc(pid string) (procSample, error) {
	s := procSample{At: time.Now()}
	stat, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return s, fmt.Errorf("%w: %w", errNoProc, err)
	}
	if s.CPU, err = cpuOf(stat); err != nil {
		return s, err
	}
	status, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return s, fmt.Errorf("%w: %w", errNoProc, err)
	}
	s.RSSKiB = statusKiB(status, "VmRSS:")
	s.HWMKiB = statusKiB(status, "VmHWM:")
	return s, nil
}

// cpuOf reads utime and stime, fields 14 and 15 of /proc/PID/stat. The
// command name (field 2) may hold spaces, so fields are counted after its
// closing parenthesis.
func cpuOf(stat []byte) (time.Duration, error) {
	end := bytes.LastIndexByte(stat, ')')
	if end < 0 {
		return 0, fmt.Errorf("%w: stat without a command name", errNoProc)
	}
	fields := strings.Fields(string(stat[end+1:]))
	// fields[0] is field 3 (state); utime is field 14, stime 15.
	if len(fields) < 13 {
		return 0, fmt.Errorf("%w: stat has %d fields", errNoProc, len(fields)+2)
	}
	utime, err1 := strconv.ParseInt(fields[11], 10, 64)
	stime, err2 := strconv.ParseInt(fields[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, fmt.Errorf("%w: utime %q stime %q", errNoProc, fields[11], fields[12])
	}
	return time.Duration(utime+stime) * time.Second / time.Duration(clockTicks()), nil
}

// statusKiB reads a "Key:   123 kB" line of /proc/PID/status; 0 if absent.
func statusKiB(status []byte, key string) int64 {
	for line := range strings.Lines(string(status)) {
		if rest, ok := strings.CutPrefix(line, key); ok {
			f := strings.Fields(rest)
			if len(f) > 0 {
				n, _ := strconv.ParseInt(f[0], 10, 64)
				return n
			}
		}
	}
	return 0
}

// clockTicks is the kernel's USER_HZ, the unit of utime and stime: the
// AT_CLKTCK entry of the auxiliary vector, 100 when it cannot be read.
func clockTicks() int64 {
	auxv, err := os.ReadFile("/proc/self/auxv")
	if err != nil {
		return 100
	}
	const atClkTck = 17
	for i := 0; i+16 <= len(auxv); i += 16 {
		key := binary.NativeEndian.Uint64(auxv[i:])
		if key == atClkTck {
			if v := int64(binary.NativeEndian.Uint64(auxv[i+8:])); v > 0 {
				return v
			}
		}
	}
	return 100
}

// cores is the CPU used between two samples, in cores (1.0 = one core busy).
func cores(from, to procSample) float64 {
	wall := to.At.Sub(from.At)
	if wall <= 0 {
		return 0
	}
	return float64(to.CPU-from.CPU) / float64(wall)
}

// loadAvg is the 1, 5 and 15 minute load averages.
func loadAvg() [3]float64 {
	var l [3]float64
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return l
	}
	f := strings.Fields(string(b))
	for i := 0; i < 3 && i < len(f); i++ {
		l[i], _ = strconv.ParseFloat(f[i], 64)
	}
	return l
}

package main

import (
	"os"
	"testing"
	"time"
)

func TestCPUOfParsesAfterTheCommandName(t *testing.T) {
	// comm with spaces and a parenthesis; utime 250, stime 50 ticks.
	stat := []byte("1234 (tx (dev) x) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 12 0 100 1000 200 ...")
	got, err := cpuOf(stat)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Duration(300) * time.Second / time.Duration(clockTicks())
	if got != want {
		t.Errorf("got %v, want %v", got, want)
	}
	if _, err := cpuOf([]byte("garbage")); err == nil {
		t.Error("no error for a stat without a command name")
	}
}

func TestReadProcSelf(t *testing.T) {
	if _, err := os.Stat("/proc/self/stat"); err != nil {
		t.Skip("no /proc")
	}
	busy := time.Now()
	for time.Since(busy) < 50*time.Millisecond {
	}
	s, err := readProc("self")
	if err != nil {
		t.Fatal(err)
	}
	if s.CPU <= 0 || s.RSSKiB <= 0 || s.HWMKiB < s.RSSKiB {
		t.Errorf("implausible sample %+v", s)
	}
	if _, err := readProc("999999999"); err == nil {
		t.Error("no error for a process that does not exist")
	}
}

func TestCores(t *testing.T) {
	t0 := time.Now()
	a := procSample{At: t0, CPU: time.Second}
	b := procSample{At: t0.Add(2 * time.Second), CPU: 4 * time.Second}
	if got := cores(a, b); got != 1.5 {
		t.Errorf("got %v cores, want 1.5", got)
	}
}

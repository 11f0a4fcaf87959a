package main

import (
	"os"
	"runtime"
	"strings"
)

// machine describes where the figures were measured.
type machine struct {
	NProc     int    `json:"nproc"`
	CPUModel  string `json:"cpu_model"`
	GoVersion string `json:"go_version"`
	OSArch    string `json:"os_arch"`
	Kernel    string `json:"kernel"`
	MemTotal  string `json:"mem_total"`
}

func thisMachine() machine {
	return machine{
		NProc:     runtime.NumCPU(),
		CPUModel:  procField("/proc/cpuinfo", "model name"),
		GoVersion: runtime.Version(),
		OSArch:    runtime.GOOS + "/" + runtime.GOARCH,
		Kernel:    strings.TrimSpace(readString("/proc/sys/kernel/osrelease")),
		MemTotal:  procField("/proc/meminfo", "MemTotal"),
	}
}

// procField is the value of the first "key: value" line of a /proc file.
func procField(path, key string) string {
	for line := range strings.Lines(readString(path)) {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return ""
}

func readString(path string) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return ""
	}
	return string(b)
}

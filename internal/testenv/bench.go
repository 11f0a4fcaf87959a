package testenv

import (
	"syscall"
	"testing"
	"time"
)

// Measure runs op b.N times and reports, besides ns/op, the CPU time of
// the whole process per op (cpu-ns/op: every goroutine and the garbage
// collector included), steadier than ns/op on a shared machine.
func Measure(b *testing.B, op func(i int)) {
	b.ReportAllocs()
	b.ResetTimer()
	start := cpuTime()
	for i := range b.N {
		op(i)
	}
	cpu := cpuTime() - start
	b.StopTimer()
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// cpuTime is the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		panic(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

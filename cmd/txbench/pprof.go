package main

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/valyala/fasthttp"
)

// pprofEnv names the file where a --profile build writes the address it
// serves net/http/pprof on (a port of its choosing on 127.0.0.1).
const pprofEnv = "TXBENCH_PPROF_ADDR_FILE"

// pprofSource is added to package main of cmd/txstream at build time with
// go build -overlay, so profiling needs no change to txstream: the file is
// never written into the source tree.
const pprofSource = `package main

import (
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"runtime"
)

// The address is written before main runs, so before the addresses file
// that txbench waits for. One contention event in 10 is sampled for the
// mutex profile: where the cores wait on each other.
func init() {
	file := os.Getenv("` + pprofEnv + `")
	if file == "" {
		return
	}
	runtime.SetMutexProfileFraction(10)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(err)
	}
	if err := os.WriteFile(file, []byte(ln.Addr().String()), 0o644); err != nil {
		panic(err)
	}
	go func() { _ = http.Serve(ln, nil) }()
}
`

// buildServer builds cmd/txstream of the module in src into dir, with
// pprofSource added when pprof is set and the replacements of the go build
// overlay file extra (if any), so that a proposed change can be measured
// without touching the tree. It returns the binary's path.
func buildServer(ctx context.Context, src, dir, extra string, pprof bool) (string, error) {
	root, err := filepath.Abs(src)
	if err != nil {
		return "", err
	}
	replace := map[string]string{}
	if extra != "" {
		var ov struct{ Replace map[string]string }
		raw, err := os.ReadFile(extra)
		if err != nil {
			return "", err
		}
		if err := json.Unmarshal(raw, &ov); err != nil {
			return "", fmt.Errorf("overlay %s: %w", extra, err)
		}
		maps.Copy(replace, ov.Replace)
	}
	if pprof {
		file := filepath.Join(dir, "txbench_pprof.go")
		if err := os.WriteFile(file, []byte(pprofSource), 0o644); err != nil {
			return "", err
		}
		replace[filepath.Join(root, "cmd", "txstream", "zz_txbench_pprof.go")] = file
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": replace})
	if err != nil {
		return "", err
	}
	overlayPath := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayPath, overlay, 0o644); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "txstream-bench")
	cmd := exec.CommandContext(ctx, "go", "build", "-overlay", overlayPath, "-o", bin, "./cmd/txstream")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build -overlay: %w\n%s", err, out)
	}
	return bin, nil
}

// fetchProfile saves /debug/pprof/NAME of addr into path; CPU profiles
// take seconds to record.
func fetchProfile(addr, name string, seconds int, path string) error {
	url := "http://" + addr + "/debug/pprof/" + name
	if seconds > 0 {
		url += "?seconds=" + strconv.Itoa(seconds)
	}
	client := &fasthttp.Client{ReadTimeout: time.Duration(seconds+30) * time.Second}
	status, body, err := client.Get(nil, url)
	if err != nil {
		return fmt.Errorf("profile %s: %w", name, err)
	}
	if status != fasthttp.StatusOK {
		return fmt.Errorf("profile %s: status %d: %s", name, status, body)
	}
	return os.WriteFile(path, body, 0o644)
}

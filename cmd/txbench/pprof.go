package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"

	"github.com/valyala/fasthttp"
)

// pprofEnv names the address a --profile build serves net/http/pprof on.
const pprofEnv = "TXBENCH_PPROF_ADDR"

// pprofSource is added to package main of cmd/txstream at build time with
// go build -overlay, so profiling needs no change to txstream: the file is
// never written into the source tree.
const pprofSource = `package main

import (
	"net/http"
	_ "net/http/pprof"
	"os"
)

func init() {
	if addr := os.Getenv("` + pprofEnv + `"); addr != "" {
		go func() { _ = http.ListenAndServe(addr, nil) }()
	}
}
`

// buildPprof builds cmd/txstream of the module in src with pprofSource
// added, into dir, and returns the binary's path.
func buildPprof(ctx context.Context, src, dir string) (string, error) {
	root, err := filepath.Abs(src)
	if err != nil {
		return "", err
	}
	file := filepath.Join(dir, "txbench_pprof.go")
	if err := os.WriteFile(file, []byte(pprofSource), 0o644); err != nil {
		return "", err
	}
	overlay, err := json.Marshal(map[string]map[string]string{
		"Replace": {filepath.Join(root, "cmd", "txstream", "zz_txbench_pprof.go"): file},
	})
	if err != nil {
		return "", err
	}
	overlayPath := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayPath, overlay, 0o644); err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "txstream-pprof")
	cmd := exec.CommandContext(ctx, "go", "build", "-overlay", overlayPath, "-o", bin, "./cmd/txstream")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build with pprof: %w\n%s", err, out)
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

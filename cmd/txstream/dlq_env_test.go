package main

import (
	"context"
	"strings"
)

// runTxstream runs txstream with args and no environment, and returns
// its exit code, standard output and standard error.
func runTxstream(args ...string) (code int, stdout, stderr string) {
	var out, errOut strings.Builder
	code = run(context.Background(), args, stdio{stdout: &out, stderr: &errOut, lookupEnv: envMap{}.lookup})
	return code, out.String(), errOut.String()
}

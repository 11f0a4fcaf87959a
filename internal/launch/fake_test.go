package launch_test

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"testing"

	"github.com/txstream/txstream/internal/launch"
)

// fakeEnv makes the test binary play txstream: TestMain runs fake instead
// of the tests when it is set.
const fakeEnv = "LAUNCH_TEST_FAKE_TXSTREAM"

func TestMain(m *testing.M) {
	if os.Getenv(fakeEnv) != "" {
		if err := fake(os.Args[1:]); err != nil {
			fmt.Fprintln(os.Stderr, "fake:", err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// fake binds the listeners it is given, as txstream does, writes the
// addresses file, answers 200 to every request and exits with -exit-code
// on SIGTERM. -fail exits at once with a message, -hang ignores SIGTERM,
// -silent never writes the addresses file.
func fake(args []string) error {
	fs := flag.NewFlagSet("fake", flag.ContinueOnError)
	addrs := map[string]*string{}
	for _, name := range launch.Listeners {
		addrs[name] = fs.String(name+"-addr", "", "")
	}
	file := fs.String("addresses-file", "", "")
	fail := fs.Bool("fail", false, "")
	hang := fs.Bool("hang", false, "")
	code := fs.Int("exit-code", 0, "")
	silent := fs.Bool("silent", false, "")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	if *fail {
		return fmt.Errorf("told to fail")
	}
	signal.Ignore(syscall.SIGINT)
	stop := make(chan os.Signal, 1)
	if *hang {
		signal.Ignore(syscall.SIGTERM)
	} else {
		signal.Notify(stop, syscall.SIGTERM)
	}
	bound := launch.Addresses{}
	for name, addr := range addrs {
		if *addr == "" {
			continue
		}
		ln, err := net.Listen("tcp", *addr)
		if err != nil {
			return err
		}
		bound[name] = ln.Addr().String()
		go func() { _ = http.Serve(ln, http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})) }()
	}
	fmt.Println("fake ready on", bound)
	if *silent {
		fmt.Println("fake never ready")
	} else if err := launch.WriteAddresses(*file, bound); err != nil {
		return err
	}
	<-stop
	fmt.Println("fake stopped")
	os.Exit(*code)
	return nil
}

// fakeOptions start the test binary as the fake txstream.
func fakeOptions(args ...string) launch.Options {
	return launch.Options{Binary: os.Args[0], Args: append([]string{"serve"}, args...), Env: []string{fakeEnv + "=1"}}
}

# txstream: make run starts everything on embedded backends; make test runs
# every test with the race detector.

GO          ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN         ?= bin/txstream
# The slowest suites start real subprocesses and brokers; a generous
# timeout keeps a slow CI machine from failing them.
TEST_TIMEOUT ?= 30m

.PHONY: run test lint fmt build

## run: every role in one process, embedded Kafka and Redis, sample rates
run:
	$(GO) run ./cmd/txstream dev

## test: all tests, race detector on
test:
	$(GO) test -race -timeout $(TEST_TIMEOUT) ./...

## lint: go vet, staticcheck and gofmt must be clean
lint:
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	@unformatted="$$(gofmt -l .)"; if [ -n "$$unformatted" ]; then \
		echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi

## fmt: format every Go file
fmt:
	gofmt -w .

## build: the binary, with version-control information stamped in
build:
	$(GO) build -buildvcs=auto -o $(BIN) ./cmd/txstream

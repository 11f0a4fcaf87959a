# txstream: make run starts everything on embedded backends; make test runs
# every test with the race detector.

GO          ?= go
STATICCHECK ?= honnef.co/go/tools/cmd/staticcheck@v0.8.2
BIN         ?= bin/txstream
# ARGS go to txstream dev under make run: make run ARGS='--transaction-addr :6001'
ARGS        ?=
# The version txstream version prints (go run records none of its own).
VERSION     ?= $(shell git describe --always --dirty 2>/dev/null || echo unknown)
LDFLAGS     := -X main.version=$(VERSION)
# The slowest suites start real subprocesses and brokers; a generous
# timeout keeps a slow CI machine from failing them.
TEST_TIMEOUT ?= 30m

.PHONY: image run screenshots test test-integration test-integration-secure test-cluster lint fmt build install kafka-up kafka-down kafka-status check-deploy bench

## run: every role in one process, embedded Kafka and Redis, sample rates;
## ARGS='--flag value ...' passes flags to txstream dev
run:
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/txstream dev $(ARGS)

## test: all tests, race detector on
test:
	$(GO) test -race -timeout $(TEST_TIMEOUT) ./...

## screenshots: docs/console-*.png, every page of the operator console,
## taken by its browser tests (headless Chromium) from a real txstream dev
screenshots:
	TXSTREAM_SCREENSHOTS=$(CURDIR)/docs $(GO) test -race -count=1 -run 'TestConsole' ./edge/console/browser/

## lint: go vet, staticcheck and gofmt must be clean
lint:
	$(GO) vet ./...
	$(GO) run $(STATICCHECK) ./...
	@unformatted="$$(gofmt -l .)"; if [ -n "$$unformatted" ]; then \
		echo "gofmt needed:"; echo "$$unformatted"; exit 1; fi

## fmt: format every Go file
fmt:
	gofmt -w .

## build: the binary in $(BIN), with its version and version-control
## information stamped in
build:
	$(GO) build -buildvcs=auto -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/txstream

## install: the binary into $(go env GOBIN), or $(go env GOPATH)/bin, so
## that txstream is on the PATH when that directory is
install:
	$(GO) install -buildvcs=auto -ldflags "$(LDFLAGS)" ./cmd/txstream

## test-integration: the stream, edge, actor and metrics suites on a real
## Apache Kafka and a real redis-server, started and stopped around the run
test-integration:
	TEST_TIMEOUT=$(TEST_TIMEOUT) deploy/kafka/test-integration.sh

## test-integration-secure: the broker with its SASL_SSL listener and ACLs
## (KAFKA_SECURITY=sasl_ssl) and a TLS redis-server with an ACL user: the
## secure broker's own tests and the whole pipeline of txstream serve on them
test-integration-secure:
	KAFKA_SECURITY=sasl_ssl TEST_RUN=TestSecure TEST_TIMEOUT=$(TEST_TIMEOUT) deploy/kafka/test-integration.sh ./internal/testenv/ ./internal/integration/

## test-cluster: the pipeline under load on a three-broker Kafka cluster
## (replication 3, min.insync.replicas 2): kill -9 of the leader of most
## transaction partitions, then a rolling restart; every 201 must be
## terminal exactly once (docs/INTEGRATION.md)
test-cluster:
	KAFKA_BROKERS_COUNT=3 TXSTREAM_CLUSTER=1 TEST_RUN=TestReplicatedCluster TEST_TIMEOUT=$(TEST_TIMEOUT) deploy/kafka/test-integration.sh ./internal/integration/

## kafka-up: a real Apache Kafka 4 broker on a free loopback port, no Docker; prints KAFKA_BROKERS;
## BROKERS=3 starts a replicated cluster of three (replication 3, min.insync.replicas 2)
BROKERS ?= 1
kafka-up:
	@deploy/kafka/kafka.sh up --brokers $(BROKERS)

## kafka-down: stop it (or every node of the cluster) and remove its state
kafka-down:
	@deploy/kafka/kafka.sh down

## kafka-status: KAFKA_BROKERS and KAFKA_VERSION of the running broker
kafka-status:
	@deploy/kafka/kafka.sh status

## image: the container image (deploy/image/Containerfile), built offline
## with podman from a static binary FROM scratch, then checked (check.sh)
image:
	VERSION=$(VERSION) deploy/image/build.sh

## check-deploy: every deployment file checked without a cluster: promtool
## (Prometheus), hadolint and shellcheck (image), docker-compose config
## (compose), kustomize and kubernetes-validate (Kubernetes)
check-deploy:
	deploy/check.sh

## bench: a short benchmark (under two minutes) of txstream dev against this
## machine's ceilings (a no-op fasthttp server, the raw produce rate);
## writes bin/bench-report.md and bin/bench-report.json (see BENCHMARKS.md)
bench:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) ./cmd/txstream
	$(GO) build -o bin/txbench ./cmd/txbench
	bin/txbench run --server-bin $(BIN) --out bin $(BENCH_FLAGS)

# Kizuki: `make run` builds everything and starts the server on SQLite;
# `make test` runs every check CI runs.
GO      ?= go
BIN     := bin/kizuki
NPM_DEPS := frontend/node_modules/.package-lock.json
# Every folder of Go code, for gofmt.
GO_DIRS := cmd server board realtime models loadgen export successmap joincode scripts frontend/embed.go

.PHONY: run build frontend test test-go test-frontend e2e fuzz vet fmt clean load bench bench-smoke screenshots

# Each fuzz target runs this many inputs in `make test` (a few seconds each).
# A count, not a duration: Go 1.26's fuzz coordinator can report a spurious
# "context deadline exceeded" when a -fuzztime duration ends under CPU load
# (golang/go#75804, fixed in Go 1.27). Longer runs: make fuzz FUZZTIME=10m
FUZZTIME ?= 20000x

run: build
	./$(BIN) serve

build: frontend
	$(GO) build -o $(BIN) ./cmd/kizuki

# npm ci only when the lock file changed.
$(NPM_DEPS): frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund

frontend: $(NPM_DEPS)
	cd frontend && npm run build

test: build vet test-frontend test-go fuzz e2e

vet:
	$(GO) vet ./...
	@test -z "$$(gofmt -l $(GO_DIRS))" || (gofmt -l $(GO_DIRS); echo "gofmt needed"; exit 1)

test-go:
	$(GO) test -race -count=1 ./...

test-frontend: $(NPM_DEPS)
	cd frontend && npm run check && npm test

# Coverage-guided fuzzing of the command decoder and handlers, event
# rendering, and the public join/auth endpoints; seeds in testdata/fuzz.
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzFrame$$' -fuzztime $(FUZZTIME) ./realtime
	$(GO) test -run '^$$' -fuzz '^FuzzCommand$$' -fuzztime $(FUZZTIME) ./board
	$(GO) test -run '^$$' -fuzz '^FuzzRender$$' -fuzztime $(FUZZTIME) ./board
	$(GO) test -run '^$$' -fuzz '^FuzzJoin$$' -fuzztime $(FUZZTIME) ./server
	$(GO) test -run '^$$' -fuzz '^FuzzAuth$$' -fuzztime $(FUZZTIME) ./server

# The load generator: bin/kizuki-load --help.
load:
	$(GO) build -o bin/kizuki-load ./cmd/kizuki-load

# The load scenarios of the performance targets against fresh local servers
# (about 8 minutes; BENCH_DATABASE_URL=postgres://... adds a PostgreSQL run).
bench:
	scripts/bench.sh

# The same scenarios, small and short: checks the bench itself in about a minute.
bench-smoke:
	BENCH_SECONDS=5 BENCH_PARTICIPANTS=100 BENCH_BIG_PARTICIPANTS=200 \
	BENCH_IDLE_CONNECTIONS=500 BENCH_IDLE_WORKSHOPS=5 scripts/bench.sh

# End-to-end in headless Chromium against the built binary.
e2e: build
	cd frontend && KIZUKI_BIN=$(CURDIR)/$(BIN) npm run e2e

# Retakes the README's screenshots (docs/screenshots) from the end-to-end run; Japanese needs a
# CJK font installed (Debian: fonts-noto-cjk).
screenshots: build
	cd frontend && KIZUKI_BIN=$(CURDIR)/$(BIN) KIZUKI_SCREENSHOTS=update node --test e2e/experience.e2e.mjs

fmt:
	gofmt -w $(GO_DIRS)

clean:
	rm -rf bin frontend/node_modules
	cd frontend && rm -rf dist/assets dist/index.html

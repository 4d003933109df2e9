# otelcol-flows: two commands on a fresh machine: `make run` and `make test`.

# The checksum database does not serve these modules here; everything else is verified.
export GONOSUMDB := go.opentelemetry.io/ebpf-profiler,go.opentelemetry.io/collector/internal/schemagen

OCB_VERSION := v0.156.0
GOBIN_DIR   := $(shell go env GOPATH)/bin
OCB         := $(GOBIN_DIR)/builder
BINARY      := bin/otelcol-flows
CONFIG      ?= distribution/otel.yaml
FUZZTIME    ?= 1m
GO_SOURCES  := $(shell find . -name '*.go' -not -path './bin/*' -not -path './data/*') $(shell find . -name 'go.mod' -o -name 'go.sum')
# The components module is the repo root; the distribution, the end-to-end tests and the tools
# each have their own module, so that importing a component pulls none of their dependencies.
MODULES     := . distribution test tools

.DEFAULT_GOAL := help

.PHONY: help
help: ## Show this help.
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z0-9_-]+:.*## / {printf "  %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(OCB):
	go install go.opentelemetry.io/collector/cmd/builder@$(OCB_VERSION)

.PHONY: ocb
ocb: $(OCB) ## Install the pinned OpenTelemetry Collector Builder (ocb).

.PHONY: generate
generate: $(OCB) ## Regenerate the distribution sources (ocb) and every component's mdatagen/go:generate code.
	$(OCB) --config builder-config.yaml --skip-get-modules --skip-compilation
	gofmt -w distribution/otelcol-flows  # ocb's output is not gofmt-clean
	go generate ./...
	cd distribution && go generate ./elasticsearch  # reads the receiver's element table

.PHONY: build
build: $(BINARY) ## Build bin/otelcol-flows.

$(BINARY): $(OCB) $(GO_SOURCES) builder-config.yaml
	$(OCB) --config builder-config.yaml --skip-get-modules --skip-compilation >/dev/null 2>&1
	gofmt -w distribution/otelcol-flows
	cd distribution && go build -trimpath -o ../$(BINARY) ./otelcol-flows

.PHONY: run
run: $(BINARY) ## Build if needed and run otelcol-flows with distribution/otel.yaml (CONFIG=... to override).
	mkdir -p data
	./$(BINARY) --config $(CONFIG)

.PHONY: check-versions
check-versions: $(OCB) ## Fail if a collector module drifted from v0.156.0/v1.62.0 or the generated sources are stale.
	OCB=$(OCB) ./scripts/check-versions.sh

.PHONY: tidy
tidy: ## go mod tidy in every module (the version pins are checked by check-versions).
	@for m in $(MODULES); do (cd $$m && go mod tidy) || exit 1; done

.PHONY: check-modules
check-modules: ## Fail if go mod tidy would change a module, or if importing the ipfix receiver pulls in the distribution's exporters.
	./scripts/check-modules.sh $(MODULES)

.PHONY: vet
vet: ## go vet every package of every module.
	@for m in $(MODULES); do (cd $$m && go vet ./...) || exit 1; done

.PHONY: test
test: check-versions check-modules vet $(BINARY) ## Versions and module checks, go vet, go test -race over every module, distribution smoke test.
	@for m in $(MODULES); do \
	  (cd $$m && OTELCOL_FLOWS_BIN=$(CURDIR)/$(BINARY) go test -race -timeout 25m ./...) || exit 1; \
	done

.PHONY: fuzz
# -fuzzminimizetime bounds the minimiser, which otherwise stalls the fuzzer for minutes on these
# decoders; -parallel 1 leaves a core for everything else.
fuzz: ## Run every fuzz target for FUZZTIME each (default 1m), e.g. make fuzz FUZZTIME=10m.
	@for pkg in $$(go list ./... ); do \
	  for target in $$(go test -list '^Fuzz' $$pkg 2>/dev/null | grep '^Fuzz'); do \
	    echo "== $$pkg $$target ($(FUZZTIME))"; \
	    go test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) -fuzzminimizetime 200x -parallel 1 $$pkg || exit 1; \
	  done; \
	done

.PHONY: bench
bench: ## Go benchmarks of the decoder and processors (figures go to docs/BENCHMARKS.md).
	go test -run '^$$' -bench . -benchmem -benchtime 2s ./receiver/... ./processor/...

.PHONY: bench-e2e
bench-e2e: $(BINARY) ## End-to-end load harness: flowgen -> otelcol-flows -> counting sink (BENCH_PIPELINE=es for Elasticsearch).
	OTELCOL_FLOWS_BIN=$(CURDIR)/$(BINARY) ./scripts/bench-e2e.sh $(BENCH_ARGS)

.PHONY: geoip
geoip: ## Fetch a GeoLite2-City database into ./data/ for a quick start (never committed).
	./scripts/geoip-quickstart.sh data

.PHONY: es-setup
es-setup: ## Install the index template, component templates and ILM policy into ELASTICSEARCH_URL.
	./scripts/es-setup.sh

.PHONY: clean
clean: ## Remove build output.
	rm -rf bin

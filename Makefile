# Kubeli: every command a person runs. `make help` lists them.
SHELL := /bin/bash
.SHELLFLAGS := -eo pipefail -c
.DEFAULT_GOAL := help

KUBELI_CACHE ?= $(HOME)/.cache/kubeli
export CARGO_TARGET_DIR ?= $(CURDIR)/target
# The app embeds the built frontend (dist/) instead of expecting the Vite dev server.
APP_FEATURES := --features kubeli/custom-protocol
APP := $(CARGO_TARGET_DIR)/debug/kubeli
LAB := $(CARGO_TARGET_DIR)/debug/kubeli-lab
TAURI_DRIVER := $(KUBELI_CACHE)/tools/bin/tauri-driver

.PHONY: help setup run demo app lab-bin frontend test test-rust test-frontend lint fmt bindings specs e2e e2e-repeat fuzz soak faults bench bench-smoke heap-census switch-census dist dist-install-check screenshots clean

help: ## List the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

setup: ## Install system packages, npm packages, crates and tauri-driver (idempotent)
	@scripts/setup.sh

frontend: setup ## Build the frontend into dist/
	npm run build

app: frontend ## Build the debug app binary with the frontend embedded
	cargo build --workspace --bins $(APP_FEATURES)

lab-bin: setup
	cargo build --workspace --bins $(APP_FEATURES)

run: app lab-bin ## Start the app (with simulated lab clusters when you have no kubeconfig)
	@scripts/run.sh "$(APP)" "$(LAB)"

demo: app lab-bin ## Start the app on 3 simulated lab clusters, always
	@KUBELI_DEMO=1 scripts/run.sh "$(APP)" "$(LAB)"

test: setup frontend ## Every test and check (what CI runs)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory test-rust
	$(MAKE) --no-print-directory test-frontend
	$(MAKE) --no-print-directory specs
	$(MAKE) --no-print-directory e2e
	$(MAKE) --no-print-directory bench-smoke
	@echo "make test: all checks passed"

test-rust: ## Rust tests of every crate (incl. the generated-bindings check and kubectl-vs-lab tests)
	cargo test --workspace $(APP_FEATURES) --locked

test-frontend: ## Vitest unit and component tests
	npm test

lint: ## rustfmt, clippy -D warnings, tsc --noEmit, ESLint (and a check that its import rules still fire)
	cargo fmt --all --check
	cargo clippy --workspace --all-targets $(APP_FEATURES) --locked -- -D warnings
	npm run typecheck
	npm run lint && npm run lint:rules

fmt: ## Format Rust code
	cargo fmt --all

bindings: ## Regenerate src/lib/tauri/bindings.ts from the Rust types
	UPDATE_BINDINGS=1 cargo test -p kubeli $(APP_FEATURES) --test bindings

specs: ## Validate openspec/
	OPENSPEC_TELEMETRY=0 npx openspec validate --all --strict --no-interactive

# A hung window must fail the run, not hold CI until its own limit: 15 minutes at most.
e2e: app ## Real-app E2E tests: the built app under Xvfb, driven through tauri-driver
	KUBELI_APP="$(APP)" TAURI_DRIVER="$(TAURI_DRIVER)" PATH="$(dir $(TAURI_DRIVER)):$$PATH" \
	  timeout --kill-after=15 900 xvfb-run -a -s "-screen 0 1440x900x24" node --test --test-concurrency=1 tests/e2e/

N ?= 20
e2e-repeat: app ## Run the multi-cluster E2E file N times (N=20), stop at the first failure, count retries
	KUBELI_APP="$(APP)" TAURI_DRIVER="$(TAURI_DRIVER)" PATH="$(dir $(TAURI_DRIVER)):$$PATH" \
	  scripts/e2e-repeat.sh $(N)

FUZZ_SECONDS ?= 150
fuzz: ## Fuzz the kubeconfig loader and the watch batching, FUZZ_SECONDS per target (make test runs a smoke)
	KUBELI_FUZZ_SECONDS=$(FUZZ_SECONDS) cargo test -p kubeli-core --locked --test fuzz_kubeconfig -- --nocapture --test-threads=1
	KUBELI_FUZZ_SECONDS=$(FUZZ_SECONDS) cargo test -p kubeli-core --locked --lib batch_fuzz -- --nocapture --test-threads=1

faults: app lab-bin ## The fault matrix of issue #14 in the real app (one app start, a table at the end)
	KUBELI_APP="$(APP)" TAURI_DRIVER="$(TAURI_DRIVER)" PATH="$(dir $(TAURI_DRIVER)):$$PATH" \
	  timeout --kill-after=15 1200 xvfb-run -a -s "-screen 0 1440x900x24" node tests/e2e/faults.mjs

SOAK_MINUTES ?= 30
soak: app lab-bin ## 10 lab clusters with churn, the app on all of them for SOAK_MINUTES (30); memory, tasks and fds with slopes
	KUBELI_APP="$(APP)" SOAK_MINUTES=$(SOAK_MINUTES) PATH="$(dir $(TAURI_DRIVER)):$$PATH" \
	  timeout --kill-after=15 $$(( $(SOAK_MINUTES) * 60 + 600 )) xvfb-run -a -s "-screen 0 1440x900x24" node scripts/soak.mjs

# Issue #15's table (tests/bench/README.md): the release app and lab, ~15 minutes once built.
bench: setup frontend ## Benchmarks P1–P9e (release app, lab clusters): a table and $(CARGO_TARGET_DIR)/bench/results.json
	cargo build --release --workspace --bins $(APP_FEATURES) --locked
	KUBELI_APP="$(CARGO_TARGET_DIR)/release/kubeli" KUBELI_LAB="$(CARGO_TARGET_DIR)/release/kubeli-lab" PATH="$(dir $(TAURI_DRIVER)):$$PATH" \
	  timeout --kill-after=15 1800 xvfb-run -a -s "-screen 0 1440x900x24" node tests/bench/run.mjs

# The same harness once, small and on the debug app: every id must produce a value (no verdicts);
# then the heap census and the switch census once, 2 clusters × 50 pods.
bench-smoke: app lab-bin ## One short run of the bench harness on the debug app (make test runs it)
	BENCH_QUICK=1 KUBELI_APP="$(APP)" KUBELI_LAB="$(LAB)" PATH="$(dir $(TAURI_DRIVER)):$$PATH" \
	  timeout --kill-after=15 300 xvfb-run -a -s "-screen 0 1440x900x24" node tests/bench/run.mjs --smoke
	KUBELI_APP="$(APP)" KUBELI_LAB="$(LAB)" \
	  timeout --kill-after=15 120 xvfb-run -a -s "-screen 0 1440x900x24" node tests/bench/heap-census.mjs --smoke
	KUBELI_APP="$(APP)" KUBELI_LAB="$(LAB)" \
	  timeout --kill-after=15 120 xvfb-run -a -s "-screen 0 1440x900x24" node tests/bench/switch-census.mjs --smoke

# What the page's JavaScript heap holds per connected cluster (P8b's steps, heap snapshots).
heap-census: app lab-bin ## The page's JavaScript heap per connected cluster, by class and by field (tests/bench/heap-census.mjs)
	KUBELI_APP="$(APP)" KUBELI_LAB="$(LAB)" \
	  timeout --kill-after=15 900 xvfb-run -a -s "-screen 0 1440x900x24" node tests/bench/heap-census.mjs

# What a cluster switch renders (P1's switches, React components counted per switch).
switch-census: app lab-bin ## React components a cluster switch renders, per switch and by component (tests/bench/switch-census.mjs)
	KUBELI_APP="$(APP)" KUBELI_LAB="$(LAB)" \
	  timeout --kill-after=15 900 xvfb-run -a -s "-screen 0 1440x900x24" node tests/bench/switch-census.mjs

dist: setup ## Release build, .deb and .rpm packages, and their check (scripts/check-dist.sh)
	@scripts/dist.sh

dist-install-check: lab-bin ## Install the built .deb with apt, check the installed app, remove it (root)
	@scripts/check-installed.sh "$(CARGO_TARGET_DIR)/release" "$(LAB)"

# Regenerates the README's pictures; never part of `make test` (which changes no tracked file).
screenshots: app lab-bin ## Screenshots of the real app under Xvfb into docs/images/
	KUBELI_APP="$(APP)" KUBELI_LAB="$(LAB)" PATH="$(dir $(TAURI_DRIVER)):$$PATH" \
	  timeout --kill-after=15 600 xvfb-run -a -s "-screen 0 1440x900x24" node scripts/screenshots.mjs

clean: ## Remove build outputs
	rm -rf dist artifacts
	cargo clean

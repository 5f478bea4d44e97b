# llmcost: the two commands a fresh Debian 12 machine needs.
#   make demo   install what is missing, build, run the main report
#   make test   install what is missing, build, run every C++ and Python test
PRESET  ?= dev
BUILD   ?= build
PYTHON  ?= /usr/bin/python3
JOBS    ?= 2
LLMCOST := $(BUILD)/bin/llmcost
export PYTHONPATH := $(CURDIR)/$(BUILD)/python$(if $(PYTHONPATH),:$(PYTHONPATH))

.PHONY: all deps configure build demo test test-cpp test-python asan bench clean

all: build

deps:
	@bash scripts/install-deps.sh

configure: deps
	@cmake --preset $(PRESET) >/dev/null

build: configure
	@cmake --build $(BUILD) -j $(JOBS)

demo: build
	@$(LLMCOST) reproduce deepseek-v3
	@echo
	@$(LLMCOST) reproduce deepseek-inference
	@echo
	@$(LLMCOST) reproduce deepseek-r1-pricing
	@echo
	@$(LLMCOST) reproduce
	@$(LLMCOST) run examples/scenarios/deepseek-v3-true-cost.toml --samples 100000

test: build
	@$(MAKE) --no-print-directory test-cpp test-python

test-cpp:
	@cd $(BUILD) && ctest -j $(JOBS) --output-on-failure

test-python:
	@$(PYTHON) -m pytest -q python/tests tests/cli tests/docs

asan: deps
	@cmake --preset asan >/dev/null
	@cmake --build build-asan -j $(JOBS)
	@cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1 ctest -j $(JOBS) --output-on-failure -LE package

bench: build
	@for b in $(BUILD)/bin/bench_*; do $$b --benchmark_min_time=0.2; done

clean:
	@rm -rf $(BUILD) build-asan build-release

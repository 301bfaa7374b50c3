# Dott: `make run` builds and serves on http://127.0.0.1:8080; `make test` runs every test.
# Both install the Debian packages they need first (scripts/install-deps.sh).

BUILD_DIR ?= build
ASAN_BUILD_DIR ?= build-asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

.PHONY: run test deps deps-bench build build-asan format format-check unit integration test-asan \
	bench clean

# Builds only the server (the tests and benchmarks are built by `make test` and `make bench`).
run: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS) --target dott
	./$(BUILD_DIR)/src/app/dott serve

test: deps format-check build
	@echo "== tests (RelWithDebInfo)"
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory test-asan

deps:
	@scripts/install-deps.sh

deps-bench:
	@scripts/install-deps.sh bench

$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS)

$(ASAN_BUILD_DIR)/build.ninja:
	cmake -S . -B $(ASAN_BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDOTT_SANITIZE=ON \
		-DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1" $(CMAKE_FLAGS)

build-asan: deps $(ASAN_BUILD_DIR)/build.ninja
	cmake --build $(ASAN_BUILD_DIR) -j $(JOBS)

# The unit and integration suites again under AddressSanitizer and UndefinedBehaviorSanitizer.
test-asan: build-asan
	@echo "== tests (AddressSanitizer + UndefinedBehaviorSanitizer)"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		ctest --test-dir $(ASAN_BUILD_DIR) --output-on-failure -j $(JOBS) -L 'unit|integration'

unit: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -L unit

integration: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -L integration

# The microbenchmarks, the scoring and import benchmarks on the private test cluster, then the
# load benchmarks of bench/run.sh (wrk, pgbench and nginx on loopback), about four minutes in
# all; see docs/PERFORMANCE.md.
bench: deps-bench $(BUILD_DIR)/build.ninja
	cmake --build $(BUILD_DIR) -j $(JOBS) --target dott json_bench scores_bench import_bench \
		pgbench_script test_cluster_ctl
	./$(BUILD_DIR)/bench/json_bench
	./$(BUILD_DIR)/bench/scores_bench; status=$$?; \
		./$(BUILD_DIR)/bench/import_bench || status=1; \
		./$(BUILD_DIR)/tests/support/test_cluster_ctl stop; exit $$status
	bench/run.sh $(BUILD_DIR)

format:
	@scripts/check-format.sh --fix

format-check:
	@scripts/check-format.sh

clean:
	rm -rf $(BUILD_DIR) $(ASAN_BUILD_DIR)

# Entry points: `make demo`, `make test`, `make bench`, `make fuzz`.
# Each installs the Debian packages it needs first (apt-get; sudo when not root).

DEBS_BUILD := g++ cmake ninja-build pkg-config python3 libpcap-dev libpcre2-dev libfmt-dev libcli11-dev zlib1g-dev \
              libyaml-cpp-dev nlohmann-json3-dev libssl-dev libvectorscan-dev \
              libsqlite3-dev libargon2-dev libboost-dev libpq-dev libsimdjson-dev libcurl4-openssl-dev libbrotli-dev libdeflate-dev \
              libmagic-dev
DEBS_TEST  := libgtest-dev libgmock-dev python3-yaml python3-jsonschema postgresql openssl
DEBS_BENCH := libbenchmark-dev time wrk postgresql
DEBS_FUZZ  := clang-16 libclang-rt-16-dev
JOBS ?= $(shell nproc)
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test bench fuzz build deps-build deps-test deps-bench deps-fuzz clean

define install_missing
	@missing=$$(for p in $(1); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages: $$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi
endef

deps-build:
	$(call install_missing,$(DEBS_BUILD))
deps-test: deps-build
	$(call install_missing,$(DEBS_TEST))
deps-bench: deps-build
	$(call install_missing,$(DEBS_BENCH))
deps-fuzz: deps-build
	$(call install_missing,$(DEBS_FUZZ))

build: deps-build
	cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DRAMPART_TESTS=OFF
	cmake --build build/release -j $(JOBS)

demo: build
	./demo/run-demo build/release/rampart

test: deps-test
	cmake -S . -B build/debug -G Ninja -DCMAKE_BUILD_TYPE=Debug -DRAMPART_SANITIZE=ON -DRAMPART_WERROR=ON
	cmake --build build/debug -j $(JOBS)
	cd build/debug && ctest --output-on-failure -j $(JOBS)

bench: deps-bench
	cmake -S . -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DRAMPART_TESTS=OFF -DRAMPART_BENCH=ON
	cmake --build build/bench -j $(JOBS)
	./bench/run-bench build/bench

fuzz: deps-fuzz
	CXX=clang++-16 cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DRAMPART_FUZZ=ON
	cmake --build build/fuzz -j $(JOBS)
	./tests/fuzz/run-fuzzers build/fuzz $(or $(FUZZ_SECONDS),30)

clean:
	rm -rf build

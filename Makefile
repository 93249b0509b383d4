# Synapse — the two commands of the README, each doing its own set-up.
#   make demo   trains the MNIST demo (release build)
#   make test   runs the test suite (release build: the numeric tests need optimised code)

SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: deps demo test bench

# OpenBLAS (BLAS), zlib (gzip data sets) and pkg-config, installed only when missing.
deps:
	@if ! pkg-config --exists openblas 2>/dev/null || [ ! -f /usr/include/zlib.h ]; then \
		echo "Installing OpenBLAS, zlib and pkg-config with apt-get…"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas-dev zlib1g-dev pkg-config; \
	fi

demo: deps
	swift run -c release synapse-demo $(ARGS)

test: deps
	swift test -c release

bench: deps
	swift run -c release synapse-bench $(ARGS)

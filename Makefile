# Synapse — the two commands of the README, each doing its own set-up.
#   make demo   trains the MNIST demo (release build)
#   make test   runs the test suite (release build: the numeric tests need optimised code)
#   make distributed  trains the distributed example as two Open MPI ranks

SUDO := $(shell [ "$$(id -u)" = "0" ] || echo sudo)

.PHONY: deps demo test bench distributed

# mpirun refuses to start as root without this flag; it is passed only when running as root.
MPIRUN_ROOT := $(shell [ "$$(id -u)" = "0" ] && echo --allow-run-as-root)

# OpenBLAS (BLAS), zlib (gzip data sets), pkg-config and Open MPI (SynapseDistributed), installed
# only when missing.
deps:
	@if ! pkg-config --exists openblas ompi-c 2>/dev/null || [ ! -f /usr/include/zlib.h ] || ! command -v mpirun >/dev/null; then \
		echo "Installing OpenBLAS, zlib, pkg-config and Open MPI with apt-get…"; \
		$(SUDO) apt-get update -qq && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libopenblas-dev zlib1g-dev pkg-config \
			libopenmpi-dev openmpi-bin; \
	fi

demo: deps
	swift run -c release synapse-demo $(ARGS)

test: deps
	swift test -c release

# The distributed example as two Open MPI ranks on this machine (Examples/Distributed).
distributed: deps
	swift build -c release --product synapse-distributed-example
	mpirun --oversubscribe -np 2 $(MPIRUN_ROOT) .build/release/synapse-distributed-example $(ARGS)

bench: deps
	swift run -c release synapse-bench $(ARGS)

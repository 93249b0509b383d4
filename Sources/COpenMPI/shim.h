// Open MPI's C API, found with pkg-config (ompi-c; Debian's libopenmpi-dev).
#include <mpi.h>

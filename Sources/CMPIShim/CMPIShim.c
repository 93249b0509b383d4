#include "CMPIShim.h"

MPI_Comm synapse_mpi_comm_world(void) { return MPI_COMM_WORLD; }
MPI_Datatype synapse_mpi_float(void) { return MPI_FLOAT; }
MPI_Datatype synapse_mpi_double(void) { return MPI_DOUBLE; }
MPI_Datatype synapse_mpi_byte(void) { return MPI_BYTE; }
MPI_Op synapse_mpi_sum(void) { return MPI_SUM; }
MPI_Errhandler synapse_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
MPI_Request synapse_mpi_request_null(void) { return MPI_REQUEST_NULL; }
MPI_Status *synapse_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
void *synapse_mpi_in_place(void) { return MPI_IN_PLACE; }
int synapse_mpi_success(void) { return MPI_SUCCESS; }
int synapse_mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
int synapse_mpi_max_error_string(void) { return MPI_MAX_ERROR_STRING; }

// MPI's handles and constants are macros (MPI_COMM_WORLD expands to the address of a global
// struct), which Swift cannot import: these functions return them.
#ifndef CMPISHIM_H
#define CMPISHIM_H

#include <mpi.h>

MPI_Comm synapse_mpi_comm_world(void);
MPI_Datatype synapse_mpi_float(void);
MPI_Datatype synapse_mpi_double(void);
MPI_Datatype synapse_mpi_byte(void);
MPI_Op synapse_mpi_sum(void);
MPI_Errhandler synapse_mpi_errors_return(void);
MPI_Request synapse_mpi_request_null(void);
/// MPI_STATUS_IGNORE (a null pointer cast to MPI_Status *).
MPI_Status *synapse_mpi_status_ignore(void);
/// MPI_IN_PLACE: the receive buffer is also the send buffer.
void *synapse_mpi_in_place(void);
int synapse_mpi_success(void);
int synapse_mpi_thread_funneled(void);
int synapse_mpi_max_error_string(void);

#endif

/// How `fit` and `evaluate` run across several processes (ranks) that each hold the whole model:
/// data parallelism, as Keras's `tf.distribute` strategies and Horovod.
///
/// A strategy supplies only collective operations; Synapse does the rest. Pass one as
/// `fit(…, strategy:)` and, on every rank with the same model, data, batch size and seed:
///
/// - at the start, the parameters and the optimizer state of rank 0 are broadcast to every rank,
///   after a check that every rank has the same parameters (count and shapes) — a mismatch throws
///   ``SynapseError/invalidState(_:)`` on every rank;
/// - each global batch of `batchSize` rows (the same seeded shuffle on every rank) is cut into
///   ``worldSize`` contiguous slices, and rank *r* trains on slice *r*;
/// - the flat gradients are summed across ranks, each weighted by its share of the rows, so that the
///   update is the one for the mean loss of the whole global batch (as one process would make);
/// - the losses are reduced and the predictions gathered, so that metrics, logs and the ``History``
///   are the global batch's and the same on every rank;
/// - `stopTraining` is combined across ranks after every batch and epoch, so that
///   ``EarlyStopping`` stops every rank together;
/// - only the chief (rank 0) runs callbacks whose ``Callback/runsOnChiefOnly`` is `true` (the
///   ``ProgressBar``, ``ModelCheckpoint``, ``CSVLogger``);
/// - validation and `evaluate` are sharded the same way and reduced.
///
/// An error that ends training on one rank is passed to ``trainingFailed(_:)``, where a strategy whose
/// other ranks would otherwise wait forever ends the whole job. The `SynapseDistributed` library has
/// an Open MPI strategy, `MPIDataParallel`.
///
/// Not synchronised: layer state updated during the forward pass (``BatchNormalization``'s moving
/// statistics are each rank's own, from its slice) and dropout masks (each rank draws its own).
public protocol DistributionStrategy: AnyObject {
    /// This process's index, from 0 to ``worldSize`` − 1.
    var rank: Int { get }
    /// The number of processes taking part.
    var worldSize: Int { get }
    /// Replaces the bytes of `buffer` on every rank with those of rank `root` (a collective call:
    /// every rank calls it with a buffer of the same size).
    func broadcast(_ buffer: UnsafeMutableRawBufferPointer, from root: Int) throws
    /// Replaces `values` on every rank with their element-wise sum over all ranks (collective).
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws
    /// Replaces `values` on every rank with their element-wise sum over all ranks (collective).
    func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws
    /// Called when `fit` or `evaluate` is about to rethrow `error` thrown on this rank after training
    /// began, when the other ranks may be waiting in a collective call: a strategy ends the job here
    /// (Open MPI's `MPI_Abort`) or returns, and the error is rethrown.
    func trainingFailed(_ error: any Error)
}

extension DistributionStrategy {
    /// Whether this is rank 0, the one that prints progress and writes files.
    public var isChief: Bool { rank == 0 }
}

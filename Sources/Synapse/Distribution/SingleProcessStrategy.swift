/// A ``DistributionStrategy`` of one process: every collective operation leaves its buffer as it
/// is, so `fit(…, strategy: SingleProcessStrategy())` trains exactly as `fit` without a strategy.
/// A reference for strategies of your own, and a way to run distributed code on one process.
public final class SingleProcessStrategy: DistributionStrategy {
    /// Creates the strategy.
    public init() {}
    /// Always 0.
    public var rank: Int { 0 }
    /// Always 1.
    public var worldSize: Int { 1 }
    /// Leaves `buffer` as it is (this rank is the root).
    public func broadcast(_ buffer: UnsafeMutableRawBufferPointer, from root: Int) throws {}
    /// Leaves `values` as they are (the sum over one rank).
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Float>) throws {}
    /// Leaves `values` as they are (the sum over one rank).
    public func allReduceSum(_ values: UnsafeMutableBufferPointer<Double>) throws {}
    /// Does nothing: no other rank waits.
    public func trainingFailed(_ error: any Error) {}
}

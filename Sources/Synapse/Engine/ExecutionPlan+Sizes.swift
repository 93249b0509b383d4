import Foundation

extension ExecutionPlan {
    /// Checks, before anything is laid out or allocated, that every buffer of a plan for batches of
    /// `capacity` rows can be held: each value, label and scratch buffer at most 2³¹ values
    /// (``Shape/checkedCount(_:what:limit:)``), computed without overflow. A layer whose output is
    /// small per sample can still need more than memory holds for a large batch.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` saying which buffer, and to lower the batch size.
    static func checkBufferSizes(capacity: Int, valueShapes: [[Int]], labelShapes: [[Int]],
                                 kernels: [LayerKernels]) throws {
        let advice = "for batches of \(capacity) rows (lower the batch size)"
        for shape in valueShapes + labelShapes {
            _ = try Shape.checkedCount([capacity] + shape, what: "the buffer of values of shape \(shape) \(advice)")
        }
        for kernel in kernels {
            for count in kernel.scratch { _ = try Shape.checkedCount([capacity, count], what: "a layer's scratch \(advice)") }
            for count in kernel.stepScratch { _ = try Shape.checkedCount([count], what: "a layer's scratch") }
        }
    }

    /// Checks that an arena of `count` values fits in this machine's memory.
    static func checkArenaSize(_ count: Int, capacity: Int) throws {
        let memory = Int(clamping: ProcessInfo.processInfo.physicalMemory / UInt64(MemoryLayout<Float>.size))
        guard count <= memory else {
            throw SynapseError.invalidArgument("the model needs \(count) values (\(count / (1 << 28)) GiB) of buffers for batches of \(capacity) rows, more than this machine's memory holds; lower the batch size")
        }
    }
}

extension Tensorflow_HistogramProto {
    /// The bucket count of TensorFlow's `tf.summary.histogram`.
    public static let defaultBucketCount = 30

    /// The histogram of `values` as TensorFlow 2's `tf.summary.histogram` makes it: `bucketCount`
    /// buckets of equal width from the smallest value to the largest, a value on an inner edge counted
    /// in the bucket to its right and the largest value in the last bucket. When every value is the
    /// same, every edge is that value and the last bucket holds them all; with no values, every bucket
    /// is empty. Values that are NaN or infinite are left out.
    ///
    /// `bucketLimit` holds each bucket's right edge (the last is the largest value) and `bucket` its
    /// count; `num`, `sum` and `sumSquares` are those of the values counted.
    public init(values: [Float], bucketCount: Int = Tensorflow_HistogramProto.defaultBucketCount) {
        self.init()
        let count = Swift.max(bucketCount, 1)
        let finite = values.lazy.filter(\.isFinite).map(Double.init)
        var counts = [Double](repeating: 0, count: count)
        guard let low = finite.min(), let high = finite.max() else {
            bucketLimit = [Double](repeating: 0, count: count)
            bucket = counts
            return
        }
        var total = 0.0, sum = 0.0, squares = 0.0
        let width = (high - low) / Double(count)
        for value in finite {
            total += 1
            sum += value
            squares += value * value
            let index = width > 0 ? Swift.min(Int(((value - low) / width).rounded(.down)), count - 1) : count - 1
            counts[index] += 1
        }
        min = low
        max = high
        num = total
        self.sum = sum
        sumSquares = squares
        bucketLimit = width > 0 ? (1...count).map { $0 == count ? high : low + Double($0) * width }
                                : [Double](repeating: high, count: count)
        bucket = counts
    }
}

import SynapseTensorBoard
import Testing

@Suite("TensorBoard histograms")
struct HistogramTests {
    @Test func equalWidthBucketsFromMinToMax() {
        // Width 1: 0 → bucket 0, 1 → bucket 1, 2 and the maximum 3 → bucket 2.
        let histogram = Tensorflow_HistogramProto(values: [3, 0, 2, 1], bucketCount: 3)
        #expect(histogram.min == 0)
        #expect(histogram.max == 3)
        #expect(histogram.num == 4)
        #expect(histogram.sum == 6)
        #expect(histogram.sumSquares == 14)
        #expect(histogram.bucketLimit == [1, 2, 3])
        #expect(histogram.bucket == [1, 1, 2])
    }

    @Test func thirtyBucketsByDefault() {
        let values = (0..<60).map { Float($0) }
        let histogram = Tensorflow_HistogramProto(values: values)
        #expect(histogram.bucket.count == 30)
        #expect(histogram.bucketLimit.count == 30)
        #expect(histogram.bucketLimit.last == 59)
        // Width 59/30: bucket 0 holds 0 and 1 (1 < 1.9667), the last 58 and 59.
        #expect(histogram.bucket.first == 2)
        #expect(histogram.bucket.last == 2)
        #expect(histogram.bucket.reduce(0, +) == 60)
    }

    @Test func oneRepeatedValueFillsTheLastBucket() {
        // As tf.summary.histogram: every edge is the value, the last bucket holds every value.
        let histogram = Tensorflow_HistogramProto(values: [0, 0, 0], bucketCount: 4)
        #expect(histogram.bucketLimit == [0, 0, 0, 0])
        #expect(histogram.bucket == [0, 0, 0, 3])
        #expect(histogram.num == 3)
    }

    @Test func nonFiniteValuesAreLeftOut() {
        let histogram = Tensorflow_HistogramProto(values: [.nan, 1, .infinity, 2], bucketCount: 2)
        #expect(histogram.num == 2)
        #expect(histogram.bucket == [1, 1])
        #expect(Tensorflow_HistogramProto(values: [], bucketCount: 2).bucket == [0, 0])
    }
}

import Synapse
import Testing

@Suite("Gzip")
struct GzipIOTests {
    @Test func roundTripsAndRecognisesTheMagic() throws {
        var generator = RandomGenerator(seed: 1)
        let data = (0..<200_000).map { i in UInt8(truncatingIfNeeded: i % 7 == 0 ? Int(generator.next() & 0xFF) : i / 100) }
        let compressed = try Gzip.compress(data)
        #expect(Gzip.isCompressed(compressed) && !Gzip.isCompressed(data))
        #expect(compressed.count < data.count)
        #expect(try Gzip.decompress(compressed, maximumCount: data.count) == data)
        #expect(try Gzip.decompress(Gzip.compress([]), maximumCount: 0) == [])
        // Two members decompress as one stream.
        let halves = try Gzip.compress(Array(data[..<1000])) + Gzip.compress(Array(data[1000..<2000]))
        #expect(try Gzip.decompress(halves, maximumCount: 10_000) == Array(data[..<2000]))
    }

    @Test func enforcesTheSizeLimitAndRejectsBadInput() throws {
        let zeros = try Gzip.compress([UInt8](repeating: 0, count: 1_000_000))
        IOTest.expectError(.fileError, mentioning: ["more than the allowed 1000 bytes"]) {
            _ = try Gzip.decompress(zeros, maximumCount: 1000)
        }
        IOTest.expectError(.fileError, mentioning: ["not gzip data", "00 00"]) {
            _ = try Gzip.decompress([0, 0, 8, 1], maximumCount: 10)
        }
        IOTest.expectError(.fileError, mentioning: ["truncated"]) {
            _ = try Gzip.decompress(Array(zeros.dropLast(4)), maximumCount: 2_000_000)
        }
        IOTest.expectError(.invalidArgument, mentioning: ["level 12"]) { _ = try Gzip.compress([1], level: 12) }
    }
}

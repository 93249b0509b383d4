import Foundation
import Synapse
import Testing

@Suite("IDX reading and writing")
struct IDXIOTests {
    @Test func readsUncompressedFixtureFromFile() throws {
        try IOTest.withTemporaryDirectory { dir in
            let path = dir + "/images-idx3-ubyte"
            try IOTest.write(IDXFixtures.imagesUInt8, to: path)
            let contents = try IDX.readContents(of: path)
            #expect(contents.dataType == .uint8)
            #expect(contents.tensor.shape == [3, 2, 2])
            #expect(contents.tensor.scalars == [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 255])
            #expect(try IDX.read(contentsOf: URL(fileURLWithPath: path)) == contents.tensor)
        }
    }

    @Test func gzipFixtureDecodesToTheSameValues() throws {
        let plain = try IDX.decode(IDXFixtures.imagesUInt8).tensor
        let compressed = try IDX.decode(IDXFixtures.imagesUInt8Gzip).tensor
        #expect(plain == compressed)
    }

    @Test func gzipIsRecognisedByContentNotName() throws {
        try IOTest.withTemporaryDirectory { dir in
            // Compressed data under a name without .gz, and plain data under a name with .gz.
            try IOTest.write(IDXFixtures.imagesUInt8Gzip, to: dir + "/images")
            try IOTest.write(IDXFixtures.imagesUInt8, to: dir + "/images.gz")
            #expect(try IDX.read(contentsOf: dir + "/images") == IDX.read(contentsOf: dir + "/images.gz"))
        }
    }

    @Test func concatenatedGzipMembersDecodeAsOneStream() throws {
        let labels = try IDX.decode(IDXFixtures.labelsUInt8TwoGzipMembers).tensor
        #expect(labels == Tensor([7, 2, 1]))
    }

    @Test func zeroPaddingAfterGzipIsIgnoredButGarbageIsNot() throws {
        let padded = IDXFixtures.imagesUInt8Gzip + [UInt8](repeating: 0, count: 7)
        #expect(try IDX.decode(padded).tensor.shape == [3, 2, 2])
        IOTest.expectError(.fileError, mentioning: ["after the end of the gzip stream"]) {
            _ = try IDX.decode(IDXFixtures.imagesUInt8Gzip + [0x42, 0x43])
        }
    }

    @Test func readsEveryDataType() throws {
        let int8 = try IDX.decode(IDXFixtures.int8)
        #expect(int8.dataType == .int8 && int8.tensor == Tensor([-128, -1, 0, 127]))
        let int16 = try IDX.decode(IDXFixtures.int16)
        #expect(int16.dataType == .int16 && int16.tensor == Tensor([[-32768, -2], [300, 32767]]))
        let int32 = try IDX.decode(IDXFixtures.int32)
        #expect(int32.dataType == .int32 && int32.tensor == Tensor([-100_000, 0, 16_777_216]))
        let float32 = try IDX.decode(IDXFixtures.float32)
        #expect(float32.dataType == .float32 && float32.tensor == Tensor([[0.5, -1.25, 3], [1e-3, 65504, -0.0]]))
        let float64 = try IDX.decode(IDXFixtures.float64Gzip)
        #expect(float64.dataType == .float64)
        #expect(float64.tensor == (try Tensor(shape: [1, 2, 2], scalars: [0.5, -2, 1e10, Float(0.1)])))
    }

    @Test func writerRoundTripsEveryTypeCompressedOrNot() throws {
        let values = try Tensor(shape: [2, 3], scalars: [0, 1, 2, 100, 127, 5])
        try IOTest.withTemporaryDirectory { dir in
            for type in IDX.DataType.allCases {
                for compressed in [false, true] {
                    let path = dir + "/t-\(type)-\(compressed)"
                    try IDX.write(values, toPath: path, as: type, compressed: compressed)
                    let back = try IDX.readContents(of: path)
                    #expect(back.dataType == type)
                    #expect(back.tensor == values)
                }
            }
        }
        // The writer produces exactly the bytes Python's struct module does.
        #expect(try IDX.encode(IDX.decode(IDXFixtures.float32).tensor, as: .float32) == IDXFixtures.float32)
        #expect(try IDX.encode(IDX.decode(IDXFixtures.int16).tensor, as: .int16) == IDXFixtures.int16)
    }

    @Test func writerRejectsValuesItCannotStore() {
        IOTest.expectError(.invalidData, mentioning: ["256", "index 1", "uint8"]) {
            _ = try IDX.encode(Tensor([1, 256]), as: .uint8)
        }
        IOTest.expectError(.invalidData, mentioning: ["0.5", "int16"]) {
            _ = try IDX.encode(Tensor([0.5]), as: .int16)
        }
        IOTest.expectError(.invalidArgument, mentioning: ["1 to 255 dimensions"]) {
            _ = try IDX.encode(Tensor(3), as: .float32)
        }
    }

    @Test func missingFileAndDirectoryAreFileErrors() throws {
        IOTest.expectError(.fileError, mentioning: ["/no/such/dir/file.idx", "no such file"]) {
            _ = try IDX.read(contentsOf: "/no/such/dir/file.idx")
        }
        try IOTest.withTemporaryDirectory { dir in
            IOTest.expectError(.fileError, mentioning: [dir, "found a folder"]) {
                _ = try IDX.read(contentsOf: dir)
            }
        }
    }

    @Test func wrongMagicNumbersAreRejected() {
        IOTest.expectError(.fileError, mentioning: ["not an IDX file", "0x504B0304"]) {
            _ = try IDX.decode([0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0])   // a zip file's magic
        }
        IOTest.expectError(.fileError, mentioning: ["unknown IDX data type 0x07", "0x00000701"]) {
            _ = try IDX.decode([0, 0, 0x07, 0x01, 0, 0, 0, 1, 9])
        }
        IOTest.expectError(.fileError, mentioning: ["0 dimensions"]) {
            _ = try IDX.decode([0, 0, 0x08, 0x00, 1])
        }
        IOTest.expectError(.fileError, mentioning: ["truncated", "4-byte IDX magic number", "found only 0"]) {
            _ = try IDX.decode([])
        }
    }

    @Test func headerDimensionsLargerThanTheDataAreTruncation() {
        // Declares [3, 2, 3] = 18 bytes but holds the 12 of the fixture.
        var bytes = IDXFixtures.imagesUInt8
        bytes[15] = 3
        IOTest.expectError(.fileError, mentioning: ["truncated", "[3, 2, 3]", "18 bytes", "found only 12"]) {
            _ = try IDX.decode(bytes, source: "test file")
        }
        // Absurd dimensions in a tiny file fail at once instead of allocating.
        let huge: [UInt8] = [0, 0, 0x0D, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0xFF, 0xFF, 0xFF, 1, 2]
        IOTest.expectError(.fileError, mentioning: ["holds more than 2147483648 values"]) {
            _ = try IDX.decode(huge)
        }
        let large: [UInt8] = [0, 0, 0x08, 0x02, 0x00, 0x00, 0x80, 0x00, 0x00, 0x01, 0x00, 0x00, 1, 2]
        IOTest.expectError(.fileError, mentioning: ["truncated", "2147483648 bytes", "found only 2"]) {
            _ = try IDX.decode(large)
        }
    }

    /// Issue 10, defect 1: a 16-byte file declaring [0xFFFFFFFF, 0xFFFFFFFF, 0] holds no value, but the
    /// product of its first two dimensions overflows; it used to trap, and so did MNIST's flattening of
    /// [0, 0xFFFFFFFF, 0xFFFFFFFF].
    @Test func dimensionsWhoseProductOverflowsBesideAZeroAreAFileError() throws {
        let big: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF], zero: [UInt8] = [0, 0, 0, 0]
        let overflowingFirst: [UInt8] = [0, 0, 0x08, 0x03] + big + big + zero
        #expect(overflowingFirst.count == 16)
        IOTest.expectError(.fileError, mentioning: ["test file", "[4294967295, 4294967295, 0]", "more than 2147483648 values"]) {
            _ = try IDX.decode(overflowingFirst, source: "test file")
        }
        let overflowingLast: [UInt8] = [0, 0, 0x08, 0x03] + zero + big + big
        try IOTest.withTemporaryDirectory { dir in
            try IOTest.write(overflowingFirst, to: dir + "/first")
            try IOTest.write(overflowingLast, to: dir + "/last")
            try IOTest.write([0, 0, 0x08, 0x01, 0, 0, 0, 0], to: dir + "/labels")  // no labels, shape [0]
            for images in ["first", "last"] {
                IOTest.expectError(.fileError, mentioning: ["'\(dir)/\(images)'", "more than 2147483648 values"]) {
                    _ = try MNIST.load(imagesPath: dir + "/" + images, labelsPath: dir + "/labels")
                }
            }
        }
    }

    @Test func headerDimensionsLargerThanCompressedDataAreTruncation() throws {
        var bytes = IDXFixtures.imagesUInt8
        bytes[7] = 200   // 200 images declared, 3 present
        let compressed = try Gzip.compress(bytes)
        IOTest.expectError(.fileError, mentioning: ["truncated", "[200, 2, 2]", "800 bytes", "found only 12"]) {
            _ = try IDX.decode(compressed)
        }
    }

    @Test func extraBytesAreRejected() throws {
        IOTest.expectError(.fileError, mentioning: ["3 extra bytes", "12 bytes of data"]) {
            _ = try IDX.decode(IDXFixtures.imagesUInt8 + [1, 2, 3])
        }
        // A small compressed file that inflates to far more than its header declares is stopped.
        let bomb = try Gzip.compress(IDXFixtures.labelsUInt8 + [UInt8](repeating: 0, count: 5_000_000))
        #expect(bomb.count < 10_000)
        IOTest.expectError(.fileError, mentioning: ["5000000 extra bytes", "(gzip-compressed)"]) {
            _ = try IDX.decode(bomb)
        }
    }

    @Test func everyTruncationOfAValidFileThrows() throws {
        for source in [IDXFixtures.imagesUInt8, IDXFixtures.float64Gzip, IDXFixtures.imagesUInt8Gzip,
                       IDXFixtures.labelsUInt8TwoGzipMembers] {
            for length in 0..<source.count {
                let truncated = Array(source[..<length])
                let error = #expect(throws: SynapseError.self, "length \(length) of \(source.count)") {
                    _ = try IDX.decode(truncated)
                }
                if let error, length >= 4, source == IDXFixtures.imagesUInt8 {
                    #expect(error.message.contains("truncated"), "\(error)")
                }
            }
        }
        // Through the file system too.
        try IOTest.withTemporaryDirectory { dir in
            let path = dir + "/cut.gz"
            for length in stride(from: 0, to: IDXFixtures.imagesUInt8Gzip.count, by: 5) {
                try IOTest.write(Array(IDXFixtures.imagesUInt8Gzip[..<length]), to: path)
                #expect(throws: SynapseError.self) { _ = try IDX.read(contentsOf: path) }
            }
        }
    }

    @Test func corruptedBytesNeverCrash() throws {
        for source in [IDXFixtures.imagesUInt8Gzip, IDXFixtures.imagesUInt8, IDXFixtures.float64Gzip] {
            for offset in source.indices {
                for flip: UInt8 in [0x01, 0x80, 0xFF] {
                    var bytes = source
                    bytes[offset] ^= flip
                    do {
                        // Some changes (a pixel, the gzip timestamp) leave a valid file.
                        let tensor = try IDX.decode(bytes).tensor
                        #expect(tensor.count < 1000)
                    } catch is SynapseError {
                    } catch {
                        Issue.record("unexpected error type: \(error)")
                    }
                }
            }
        }
    }
}

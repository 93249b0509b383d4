import Foundation
import Synapse
import Testing

/// Helpers shared by the safetensors tests.
enum SafeTensorsTesting {
    /// A new empty folder, removed with its contents when `body` returns.
    static func withTemporaryFolder<R>(_ body: (String) throws -> R) throws -> R {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("synapse-safetensors-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        defer {
            // A test may have made a folder read-only; make it writable again so it can be removed.
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            try? FileManager.default.removeItem(at: url)
        }
        return try body(url.path)
    }

    /// The names in a folder, sorted.
    static func contents(of folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    /// Expects `body` to throw ``SynapseError/fileError(_:)`` whose message contains every fragment.
    static func expectFileError(_ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation,
                                _ body: () throws -> Void) {
        expectError(fileError: true, fragments, sourceLocation: sourceLocation, body)
    }

    /// Expects `body` to throw ``SynapseError/invalidArgument(_:)`` whose message contains every fragment.
    static func expectInvalidArgument(_ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation,
                                      _ body: () throws -> Void) {
        expectError(fileError: false, fragments, sourceLocation: sourceLocation, body)
    }

    private static func expectError(fileError: Bool, _ fragments: [String], sourceLocation: SourceLocation,
                                    _ body: () throws -> Void) {
        let error = #expect(throws: SynapseError.self, sourceLocation: sourceLocation) { try body() }
        guard let error else { return }
        switch error {
        case .fileError: #expect(fileError, "expected invalidArgument, got \(error)", sourceLocation: sourceLocation)
        case .invalidArgument: #expect(!fileError, "expected fileError, got \(error)", sourceLocation: sourceLocation)
        default: Issue.record("unexpected error kind: \(error)", sourceLocation: sourceLocation)
        }
        for fragment in fragments {
            #expect(error.message.contains(fragment), "message lacks '\(fragment)': \(error.message)",
                    sourceLocation: sourceLocation)
        }
    }

    /// A file made of a header length, the given header text (padded with spaces to a multiple of 8
    /// bytes if `pad`) and the data bytes.
    static func file(header: String, data: [UInt8] = [], pad: Bool = false) -> [UInt8] {
        var headerBytes = Array(header.utf8)
        if pad { headerBytes += Array(repeating: UInt8(ascii: " "), count: (8 - headerBytes.count % 8) % 8) }
        return littleEndian(UInt64(headerBytes.count)) + headerBytes + data
    }

    static func littleEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.littleEndian) { Array($0) }
    }

    /// The little-endian bytes of `values` as F32.
    static func f32Bytes(_ values: [Float]) -> [UInt8] {
        values.flatMap { littleEndian($0.bitPattern) }
    }

    /// The bit patterns of a tensor's values, so that NaNs and signed zeros compare exactly.
    static func bits(_ tensor: Tensor?) -> [UInt32] {
        tensor?.scalars.map(\.bitPattern) ?? []
    }
}

@Suite struct SafeTensorsRoundTripTests {
    typealias T = SafeTensorsTesting

    /// Tensors covering the awkward cases: special values, a scalar, an empty tensor, a rank-4 tensor.
    static func sampleFile() throws -> SafeTensorsFile {
        var generator = RandomGenerator(seed: 42)
        var file = SafeTensorsFile(metadata: ["format": "synapse", "config": "{\"layers\": [1, 2]}"])
        file["dense_1.kernel"] = try Tensor(shape: [3, 4], scalars: (0..<12).map { _ in generator.nextUniform() * 2 - 1 })
        file["dense_1.bias"] = Tensor([0, -0.0, .infinity, -.infinity])
        file["specials"] = Tensor([
            Float(bitPattern: 0x7FC0_0001),          // quiet NaN with a payload
            Float(bitPattern: 0xFFA0_0000),          // negative signalling-pattern NaN
            .leastNonzeroMagnitude, -.leastNormalMagnitude, .greatestFiniteMagnitude, .ulpOfOne,
        ])
        file["scalar"] = Tensor(3.5)
        file["empty"] = try Tensor(shape: [0, 5], scalars: [])
        file["deep"] = try Tensor(shape: [2, 1, 3, 2], scalars: (0..<12).map { Float($0) / 7 })
        return file
    }

    @Test func writeThenReadGivesIdenticalTensorsMetadataAndOrder() throws {
        let original = try Self.sampleFile()
        try T.withTemporaryFolder { folder in
            let path = folder + "/model.safetensors"
            try original.write(to: path)
            let loaded = try SafeTensorsFile.read(from: path)
            #expect(loaded.order == ["dense_1.kernel", "dense_1.bias", "specials", "scalar", "empty", "deep"])
            #expect(loaded.metadata == original.metadata)
            #expect(Set(loaded.tensors.keys) == Set(original.tensors.keys))
            for name in original.order {
                #expect(loaded[name]?.shape == original[name]?.shape, "\(name)")
                #expect(T.bits(loaded[name]) == T.bits(original[name]), "\(name)")
            }
            #expect(T.contents(of: folder) == ["model.safetensors"])
        }
    }

    @Test func encodedBytesFollowTheFormat() throws {
        var file = SafeTensorsFile(metadata: ["k": "v"])
        file["b"] = Tensor([1, 2])
        file["a"] = Tensor([[3], [4], [5]])
        let bytes = try file.encoded()

        let headerCount = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        #expect(headerCount % 8 == 0)
        #expect(bytes.count == 8 + headerCount + 5 * 4)
        let header = Array(bytes[8..<(8 + headerCount)])
        #expect(header.first == UInt8(ascii: "{"))
        // Padding is spaces after the closing brace.
        let closing = try #require(header.lastIndex(of: UInt8(ascii: "}")))
        #expect(header[(closing + 1)...].allSatisfy { $0 == UInt8(ascii: " ") })

        // An independent JSON parser agrees on the entries.
        let json = try #require(try JSONSerialization.jsonObject(with: Data(header)) as? [String: Any])
        #expect(json["__metadata__"] as? [String: String] == ["k": "v"])
        let b = try #require(json["b"] as? [String: Any])
        #expect(b["dtype"] as? String == "F32")
        #expect(b["shape"] as? [Int] == [2])
        #expect(b["data_offsets"] as? [Int] == [0, 8])
        let a = try #require(json["a"] as? [String: Any])
        #expect(a["shape"] as? [Int] == [3, 1])
        #expect(a["data_offsets"] as? [Int] == [8, 20])
        #expect(Array(bytes[(8 + headerCount)...]) == T.f32Bytes([1, 2, 3, 4, 5]))
    }

    @Test func emptyFileMatchesTheReferenceImplementation() throws {
        // The Rust reference writes exactly these bytes for no tensors and no metadata.
        let bytes = try SafeTensorsFile().encoded()
        #expect(bytes == [8, 0, 0, 0, 0, 0, 0, 0, 123, 125, 32, 32, 32, 32, 32, 32])
        let decoded = try SafeTensorsFile.decode(bytes)
        #expect(decoded.tensors.isEmpty && decoded.order.isEmpty && decoded.metadata.isEmpty)
    }

    @Test func encodingIsDeterministic() throws {
        let file = try Self.sampleFile()
        #expect(try file.encoded() == file.encoded())
        #expect(try SafeTensorsFile.decode(file.encoded()).encoded() == file.encoded())
    }

    @Test func unusualNamesAndMetadataSurviveEscaping() throws {
        var file = SafeTensorsFile(metadata: [
            "quote\"back\\slash": "line\nbreak\ttab\u{01}control",
            "unicode ✓": "héllo 😀",
            "": "empty key",
        ])
        file["layer \"1\"/kernel\n"] = Tensor([1])
        file["😀"] = Tensor([2])
        file[""] = Tensor([3])
        let bytes = try file.encoded()
        let decoded = try SafeTensorsFile.decode(bytes)
        #expect(decoded == file)
        // Foundation's JSON parser reads the same header.
        let headerCount = bytes[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
        let json = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + headerCount)])) as? [String: Any])
        #expect(json["__metadata__"] as? [String: String] == file.metadata)
        #expect(Set(json.keys) == ["__metadata__", "layer \"1\"/kernel\n", "😀", ""])
    }

    @Test func subscriptKeepsOrderInStep() throws {
        var file = SafeTensorsFile()
        file["c"] = Tensor([1])
        file["a"] = Tensor([2])
        file["b"] = Tensor([3])
        file["a"] = Tensor([4])          // replacing keeps the position
        #expect(file.order == ["c", "a", "b"])
        file["c"] = nil
        #expect(file.order == ["a", "b"])
        #expect(file["a"] == Tensor([4]))
        #expect(try SafeTensorsFile.decode(file.encoded()).order == ["a", "b"])
    }

    @Test func initialiserDefaultsToSortedOrderAndUnlistedTensorsFollowSorted() throws {
        let file = SafeTensorsFile(tensors: ["z": Tensor([1]), "m": Tensor([2]), "a": Tensor([3])])
        #expect(file.order == ["a", "m", "z"])

        var partial = SafeTensorsFile(tensors: ["z": Tensor([1]), "m": Tensor([2]), "a": Tensor([3])], order: ["m"])
        #expect(try SafeTensorsFile.decode(partial.encoded()).order == ["m", "a", "z"])
        partial.tensors["b"] = Tensor([4])
        #expect(try SafeTensorsFile.decode(partial.encoded()).order == ["m", "a", "b", "z"])
    }

    @Test func inconsistentOrderOrReservedNameIsRejected() throws {
        var stale = SafeTensorsFile(tensors: ["a": Tensor([1])], order: ["a", "gone"])
        T.expectInvalidArgument("'gone'", "no tensor") { _ = try stale.encoded() }
        stale.order = ["a", "a"]
        T.expectInvalidArgument("'a' twice") { _ = try stale.encoded() }

        let reserved = SafeTensorsFile(tensors: ["__metadata__": Tensor([1])])
        T.expectInvalidArgument("reserved") { _ = try reserved.encoded() }
    }

    @Test func readOrderFollowsTheDataNotTheHeader() throws {
        // Header lists b before a, but a's data comes first.
        let header = #"{"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        let file = try SafeTensorsFile.decode(T.file(header: header, data: T.f32Bytes([1, 2])))
        #expect(file.order == ["a", "b"])
        #expect(file["a"] == Tensor([1]))
        #expect(file["b"] == Tensor([2]))
    }

    @Test func headerWithoutPaddingAndWithNullMetadataIsAccepted() throws {
        let header = #" { "__metadata__" : null , "w" : { "shape" : [ 2 ] , "dtype" : "F32" , "data_offsets" : [ 0 , 8 ] , "extra" : [1, {"x": true}] } } "#
        let file = try SafeTensorsFile.decode(T.file(header: header, data: T.f32Bytes([1.5, -2])))
        #expect(file.metadata.isEmpty)
        #expect(file["w"] == Tensor([1.5, -2]))
    }
}

import Foundation
import Synapse
import Testing

/// Every kind of bad file throws ``SynapseError/fileError(_:)`` naming the file and the problem.
@Suite struct SafeTensorsMalformedFileTests {
    typealias T = SafeTensorsTesting

    /// Decodes `bytes` under the source name "bad.safetensors" and expects an error mentioning it and
    /// every fragment.
    func expectRejected(_ bytes: [UInt8], _ fragments: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        let error = #expect(throws: SynapseError.self, sourceLocation: sourceLocation) {
            _ = try SafeTensorsFile.decode(bytes, source: "bad.safetensors")
        }
        guard let error else { return }
        guard case .fileError(let message) = error else {
            Issue.record("expected a file error, got \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(message.hasPrefix("bad.safetensors: "), "\(message)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(message.contains(fragment), "message lacks '\(fragment)': \(message)", sourceLocation: sourceLocation)
        }
    }

    /// A header with one entry `name` holding the given JSON fields.
    func entry(_ fields: String, name: String = "w") -> String { "{\"\(name)\":{\(fields)}}" }

    // MARK: Files that cannot be read

    @Test func missingFileAndFolderAreNamed() throws {
        try T.withTemporaryFolder { folder in
            T.expectFileError("\(folder)/absent.safetensors", "no such file") {
                _ = try SafeTensorsFile.read(from: folder + "/absent.safetensors")
            }
            T.expectFileError("'\(folder)'", "found a folder") { _ = try SafeTensorsFile.read(from: folder) }
        }
    }

    @Test func badFileOnDiskNamesThePath() throws {
        try T.withTemporaryFolder { folder in
            let path = folder + "/short.safetensors"
            try Data([1, 2, 3]).write(to: URL(fileURLWithPath: path))
            T.expectFileError("safetensors file '\(path)'", "3 bytes long") { _ = try SafeTensorsFile.read(from: path) }
        }
    }

    // MARK: Header length

    @Test func fileShorterThanTheHeaderLength() {
        expectRejected([], "0 bytes long", "8-byte header length")
        expectRejected([8, 0, 0, 0, 0], "5 bytes long")
    }

    @Test func headerLengthBeyondTheFile() {
        expectRejected(T.littleEndian(UInt64(100)) + Array("{}".utf8), "header length is 100 bytes", "only 2 bytes follow")
        expectRejected(T.littleEndian(UInt64(1)), "header length is 1 bytes", "only 0 bytes follow")
    }

    @Test func absurdHeaderLengthIsRejectedBeforeAnyAllocation() {
        for length: UInt64 in [UInt64.max, 1 << 63, 1 << 40, 100_000_001] {
            expectRejected(T.littleEndian(length) + Array("{}".utf8), "header length is \(length) bytes", "more than the 100000000")
        }
    }

    // MARK: Header text

    @Test func headerThatIsNotUTF8() {
        expectRejected(T.file(header: "{\"\u{e9}\":1}").map { $0 == 0xC3 ? 0xFF : $0 }, "not valid UTF-8")
    }

    @Test func headerThatIsNotJSON() {
        expectRejected(T.file(header: ""), "not valid JSON", "end of the header")
        expectRejected(T.file(header: "{"), "not valid JSON")
        expectRejected(T.file(header: "{\"w\":}"), "not valid JSON", "expected a value")
        expectRejected(T.file(header: "{} x"), "not valid JSON", "after the end")
        expectRejected(T.file(header: "{\"a\" 1}"), "not valid JSON", "expected ':'")
        expectRejected(T.file(header: "{'a':1}"), "not valid JSON", "quoted key")
        expectRejected(T.file(header: "{\"a\":[1,]}"), "not valid JSON")
        expectRejected(T.file(header: "{\"a\":01}"), "not valid JSON")
        expectRejected(T.file(header: "{\"a\":tru}"), "not valid JSON", "'true'")
        expectRejected(T.file(header: "{\"a\":\"x\ny\"}"), "not valid JSON", "control character")
        expectRejected(T.file(header: "{\"a\":\"\\q\"}"), "not valid JSON", "escape")
        expectRejected(T.file(header: "{\"a\":\"\\ud800\"}"), "not valid JSON", "surrogate")
        expectRejected(T.file(header: "{\"a\":\"\\u12\"}"), "not valid JSON", "hex digit")
        expectRejected(T.file(header: "{\"a\":\"unterminated}"), "not valid JSON", "unterminated")
        expectRejected(T.file(header: "{}\u{0}"), "not valid JSON")
    }

    @Test func deeplyNestedHeaderIsRejectedWithoutExhaustingTheStack() {
        let deep = "{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}"
        expectRejected(T.file(header: deep), "nested more than 64 deep")
    }

    @Test func headerThatIsNotAnObject() {
        expectRejected(T.file(header: "[]"), "must be a JSON object", "found an array")
        expectRejected(T.file(header: "\"w\""), "must be a JSON object", "found a string")
        expectRejected(T.file(header: "3"), "must be a JSON object", "found the number 3")
        expectRejected(T.file(header: "null"), "must be a JSON object", "found null")
    }

    // MARK: Entries

    @Test func entryOfTheWrongType() {
        expectRejected(T.file(header: "{\"w\":[0,4]}"), "tensor 'w'", "expected an object", "found an array")
        expectRejected(T.file(header: "{\"w\":\"F32\"}"), "tensor 'w'", "found a string")
    }

    @Test func missingOrRepeatedFields() {
        expectRejected(T.file(header: entry(#""dtype":"F32","shape":[1]"#)), "tensor 'w'", "\"data_offsets\" is missing")
        expectRejected(T.file(header: entry(#""dtype":"F32","data_offsets":[0,4]"#)), "\"shape\" is missing")
        expectRejected(T.file(header: entry(#""shape":[1],"data_offsets":[0,4]"#)), "\"dtype\" is missing")
        expectRejected(T.file(header: entry(#""dtype":"F32","dtype":"F32","shape":[1],"data_offsets":[0,4]"#),
                                data: T.f32Bytes([1])), "\"dtype\" appears twice")
    }

    @Test func dtypeOfTheWrongTypeOrUnknown() {
        expectRejected(T.file(header: entry(#""dtype":32,"shape":[1],"data_offsets":[0,4]"#)), "\"dtype\" must be a string")
        for dtype in ["F33", "f32", "F8_E4M3", "C64", ""] {
            expectRejected(T.file(header: entry("\"dtype\":\"\(dtype)\",\"shape\":[1],\"data_offsets\":[0,4]"), data: [0, 0, 0, 0]),
                           "tensor 'w'", "dtype '\(dtype)' is not supported", "F32, F64")
        }
    }

    @Test func badShapes() {
        let offsets = "\"data_offsets\":[0,4]"
        expectRejected(T.file(header: entry("\"dtype\":\"F32\",\"shape\":4,\(offsets)")), "\"shape\" must be an array")
        expectRejected(T.file(header: entry("\"dtype\":\"F32\",\"shape\":[\"4\"],\(offsets)")), "shape dimension 0", "found a string")
        expectRejected(T.file(header: entry("\"dtype\":\"F32\",\"shape\":[2,-1],\(offsets)")), "shape dimension 1 must be ≥ 0", "-1")
        expectRejected(T.file(header: entry("\"dtype\":\"F32\",\"shape\":[1.5],\(offsets)")), "must be a whole number", "1.5")
        expectRejected(T.file(header: entry("\"dtype\":\"F32\",\"shape\":[1e3],\(offsets)")), "must be a whole number")
        expectRejected(T.file(header: entry("\"dtype\":\"F32\",\"shape\":[99999999999999999999],\(offsets)")), "too large")
    }

    @Test func shapeOverflowIsCaught() {
        let huge = "4294967296"
        expectRejected(T.file(header: entry("\"dtype\":\"F32\",\"shape\":[\(huge),\(huge),0],\"data_offsets\":[0,0]")),
                       "too many elements", "overflow")
        // The element count fits, the byte count does not.
        expectRejected(T.file(header: entry("\"dtype\":\"F64\",\"shape\":[2305843009213693952],\"data_offsets\":[0,8]")),
                       "too many bytes", "overflow")
    }

    @Test func badDataOffsets() {
        let prefix = "\"dtype\":\"F32\",\"shape\":[1],"
        expectRejected(T.file(header: entry(prefix + "\"data_offsets\":[4]"), data: [0, 0, 0, 0]), "two whole numbers", "array of 1")
        expectRejected(T.file(header: entry(prefix + "\"data_offsets\":[0,4,8]"), data: [0, 0, 0, 0]), "array of 3")
        expectRejected(T.file(header: entry(prefix + "\"data_offsets\":{\"begin\":0}"), data: [0, 0, 0, 0]), "found an object")
        expectRejected(T.file(header: entry(prefix + "\"data_offsets\":[-4,0]"), data: [0, 0, 0, 0]), "data_offsets begin must be ≥ 0")
        expectRejected(T.file(header: entry(prefix + "\"data_offsets\":[0,null]"), data: [0, 0, 0, 0]), "data_offsets end", "found null")
        expectRejected(T.file(header: entry(prefix + "\"data_offsets\":[0,18446744073709551620]"), data: [0, 0, 0, 0]), "too large")
    }

    @Test func offsetsThatDisagreeWithTheShape() {
        expectRejected(T.file(header: entry(#""dtype":"F32","shape":[2],"data_offsets":[0,4]"#), data: T.f32Bytes([1, 2])),
                       "tensor 'w'", "shape [2] of F32 takes 8 bytes", "data_offsets [0, 4] span 4")
        expectRejected(T.file(header: entry(#""dtype":"F64","shape":[2,2],"data_offsets":[0,16]"#), data: Array(repeating: 0, count: 16)),
                       "shape [2, 2] of F64 takes 32 bytes")
        expectRejected(T.file(header: entry(#""dtype":"F32","shape":[1],"data_offsets":[8,4]"#), data: Array(repeating: 0, count: 8)),
                       "data_offsets [8, 4] end before they begin")
    }

    @Test func offsetsOutsideTheDataSection() {
        expectRejected(T.file(header: entry(#""dtype":"F32","shape":[2],"data_offsets":[0,8]"#), data: T.f32Bytes([1])),
                       "tensor 'w'", "data_offsets [0, 8] run past the end of the data section, which holds 4 bytes")
        expectRejected(T.file(header: entry(#""dtype":"F32","shape":[1],"data_offsets":[1000000000000,1000000000004]"#)),
                       "run past the end")
    }

    @Test func overlappingGappedAndIncompleteLayouts() {
        let data = Array(repeating: UInt8(0), count: 12)
        let overlap = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        expectRejected(T.file(header: overlap, data: data), "tensors 'a'", "'b'", "overlap")
        let same = #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"b":{"dtype":"F32","shape":[3],"data_offsets":[0,12]}}"#
        expectRejected(T.file(header: same, data: data), "overlap")
        let emptyInside = #"{"a":{"dtype":"F32","shape":[3],"data_offsets":[0,12]},"e":{"dtype":"F32","shape":[0],"data_offsets":[4,4]}}"#
        expectRejected(T.file(header: emptyInside, data: data), "overlap")
        let gap = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        expectRejected(T.file(header: gap, data: data), "bytes 4..<8 of the data section belong to no tensor", "before tensor 'b'")
        let late = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}}"#
        expectRejected(T.file(header: late, data: data), "bytes 0..<8")
        let short = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
        expectRejected(T.file(header: short, data: data), "holds 12 bytes", "cover only the first 4", "8 bytes at the end")
        expectRejected(T.file(header: "{}", data: [0]), "holds 1 bytes", "cover only the first 0")
    }

    @Test func duplicateNames() {
        let twice = #"{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#
        expectRejected(T.file(header: twice, data: T.f32Bytes([1, 2])), "tensor name 'w' appears twice")
        let metadataTwice = #"{"__metadata__":{},"__metadata__":{}}"#
        expectRejected(T.file(header: metadataTwice), "two \"__metadata__\" entries")
    }

    @Test func badMetadata() {
        expectRejected(T.file(header: #"{"__metadata__":["a"]}"#), "\"__metadata__\" must be an object", "found an array")
        expectRejected(T.file(header: #"{"__metadata__":{"epoch":3}}"#), "'epoch' maps to the number 3")
        expectRejected(T.file(header: #"{"__metadata__":{"k":"a","k":"b"}}"#), "metadata key 'k' appears twice")
    }
}

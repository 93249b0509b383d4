import Foundation
import Synapse
import Testing

/// Reads `Fixtures/reference.safetensors`, written by Python's `safetensors` package
/// (`scripts/make_safetensors_fixture.py`), and checks every value.
@Suite struct SafeTensorsFixtureTests {
    typealias T = SafeTensorsTesting

    static let fixturePath = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/reference.safetensors").path

    @Test func loadsNamesShapesAndMetadata() throws {
        let file = try SafeTensorsFile.read(from: Self.fixturePath)
        // Python lays tensors out by descending dtype alignment, then by name.
        #expect(file.order == ["uint64", "int64", "float64", "dense_1.bias", "dense_1.kernel", "empty", "scale",
                               "specials", "uint32", "int32", "float16", "uint16", "int16", "int8", "uint8", "bool"])
        #expect(file.metadata == ["format": "np", "producer": "scripts/make_safetensors_fixture.py",
                                  "unicode": "héllo ✓ \"quoted\""])
        let shapes: [String: [Int]] = [
            "dense_1.kernel": [2, 3], "dense_1.bias": [3], "scale": [], "empty": [0, 3], "specials": [4],
            "float64": [2, 2], "float16": [4], "int64": [3], "int32": [2], "int16": [2], "int8": [3],
            "uint64": [2], "uint32": [2], "uint16": [2], "uint8": [2, 2], "bool": [3],
        ]
        #expect(file.tensors.mapValues(\.shape) == shapes)
    }

    @Test func float32ValuesAreExact() throws {
        let file = try SafeTensorsFile.read(from: Self.fixturePath)
        #expect(T.bits(file["dense_1.kernel"]) == ([0.5, -1.25, 3, 0.1, -0.0, 1e-30] as [Float]).map(\.bitPattern))
        #expect(file["dense_1.bias"]?.scalars == [1, -2, 4.5])
        #expect(file["scale"]?.scalars == [2.75])
        #expect(file["empty"]?.scalars == [])
        let specials = try #require(file["specials"]).scalars
        #expect(specials[0] == .infinity && specials[1] == -.infinity && specials[2].isNaN)
        #expect(specials[3] == .greatestFiniteMagnitude)
    }

    @Test func otherDtypesAreConvertedToFloat() throws {
        let file = try SafeTensorsFile.read(from: Self.fixturePath)
        #expect(file["float64"]?.scalars == [Float(1.0 / 3.0), -2.5, .infinity, Float(0.1 as Double)])
        #expect(file["float16"]?.scalars == [1, -0.5, 65504, 0x1p-24])
        #expect(file["int64"]?.scalars == [-7, 0, Float(Int64(1) << 40 + 1)])
        #expect(file["int32"]?.scalars == [-2_147_483_648, 123_456])
        #expect(file["int16"]?.scalars == [-32768, 32767])
        #expect(file["int8"]?.scalars == [-128, 127, 0])
        #expect(file["uint64"]?.scalars == [Float(UInt64.max), 5])
        #expect(file["uint32"]?.scalars == [Float(UInt32.max), 7])
        #expect(file["uint16"]?.scalars == [65535, 9])
        #expect(file["uint8"]?.scalars == [0, 255, 17, 42])
        #expect(file["bool"]?.scalars == [1, 0, 1])
    }

    @Test func rewritingTheFixtureKeepsEveryValue() throws {
        let file = try SafeTensorsFile.read(from: Self.fixturePath)
        let again = try SafeTensorsFile.decode(file.encoded())
        #expect(again.order == file.order)
        #expect(again.metadata == file.metadata)
        for name in file.order {
            #expect(T.bits(again[name]) == T.bits(file[name]), "\(name)")
        }
    }

    @Test func bfloat16AndBoolBytesAreConverted() throws {
        let header = #"{"b":{"dtype":"BF16","shape":[5],"data_offsets":[0,10]},"f":{"dtype":"BOOL","shape":[3],"data_offsets":[10,13]}}"#
        let bf16: [UInt16] = [0x3F80, 0xC040, 0x7F80, 0x0001, 0x8000]
        let data = bf16.flatMap(T.littleEndian) + [0, 2, 255]
        let file = try SafeTensorsFile.decode(T.file(header: header, data: data, pad: true))
        #expect(T.bits(file["b"]) == ([1, -3, .infinity, Float(bitPattern: 0x0001_0000), -0.0] as [Float]).map(\.bitPattern))
        #expect(file["f"]?.scalars == [0, 1, 1])
    }

    #if !(os(macOS) && arch(x86_64))
    @Test func everyHalfPrecisionValueConvertsExactly() throws {
        let bits = (0...UInt16.max).map { $0 }
        let header = #"{"h":{"dtype":"F16","shape":[65536],"data_offsets":[0,131072]}}"#
        let file = try SafeTensorsFile.decode(T.file(header: header, data: bits.flatMap(T.littleEndian)))
        let values = try #require(file["h"]).scalars
        var mismatches = 0
        for (i, pattern) in bits.enumerated() {
            let expected = Float(Float16(bitPattern: pattern))
            let same = expected.isNaN ? values[i].isNaN : expected.bitPattern == values[i].bitPattern
            if !same { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
    #endif
}

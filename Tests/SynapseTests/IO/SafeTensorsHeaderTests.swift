import Foundation
import Synapse
import Testing

@Suite("SafeTensorsHeader")
struct SafeTensorsHeaderTests {
    @Test func listsTensorsInDataOrderWithTheirDtypesAndMetadata() throws {
        // A hand-made file: an F16 tensor [2] (4 bytes) after an I8 scalar (1 byte), stored out of order.
        let json = #"{"b":{"dtype":"F16","shape":[2],"data_offsets":[1,5]},"a":{"dtype":"I8","shape":[],"data_offsets":[0,1]},"__metadata__":{"note":"hi"}}"#
        var bytes = withUnsafeBytes(of: UInt64(json.utf8.count).littleEndian, Array.init)
        bytes += Array(json.utf8) + [7, 0x00, 0x3C, 0x00, 0x40]
        try IOTest.withTemporaryDirectory { folder in
            let path = folder + "/mixed.safetensors"
            try IOTest.write(bytes, to: path)
            let header = try SafeTensorsHeader.read(from: path)
            #expect(header.tensors.map(\.name) == ["a", "b"])
            #expect(header.tensors.map(\.dataType) == ["I8", "F16"])
            #expect(header.tensors.map(\.shape) == [[], [2]])
            #expect(header.tensors.map(\.dataOffsets) == [0..<1, 1..<5])
            #expect(header.tensors.map(\.elementCount) == [1, 2])
            #expect(header.metadata == ["note": "hi"])
        }
    }

    @Test func aSynapseModelFileShowsItsWeightsAsF32() throws {
        let model = Sequential { Input(3); Dense(2) }
        try IOTest.withTemporaryDirectory { folder in
            let path = folder + "/model.safetensors"
            try model.save(to: path)
            let header = try SafeTensorsHeader.read(from: path)
            #expect(header.tensors.map(\.name) == ["dense.kernel", "dense.bias"])
            #expect(header.tensors.allSatisfy { $0.dataType == "F32" })
            #expect(header.tensors.map(\.shape) == [[3, 2], [2]])
            #expect(header.metadata["format"] == "synapse")
        }
    }

    @Test func aTruncatedFileIsAnErrorNamingIt() throws {
        try IOTest.withTemporaryDirectory { folder in
            let path = folder + "/short.safetensors"
            try IOTest.write([1, 2, 3], to: path)
            IOTest.expectError(.fileError, mentioning: ["short.safetensors", "too short"]) {
                _ = try SafeTensorsHeader.read(from: path)
            }
            IOTest.expectError(.fileError, mentioning: ["missing.safetensors", "no such file"]) {
                _ = try SafeTensorsHeader.read(from: folder + "/missing.safetensors")
            }
        }
    }
}

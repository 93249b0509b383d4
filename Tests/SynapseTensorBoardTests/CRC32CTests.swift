import Synapse
import SynapseTensorBoard
import Testing

@Suite("CRC32C")
struct CRC32CTests {
    @Test func theStandardCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    /// Values from tensorboard 2.21.0's own `masked_crc32c`
    /// (tensorboard.compat.tensorflow_stub.pywrap_tensorflow).
    @Test func maskedValuesMatchTensorBoard() {
        #expect(CRC32C.masked(Array("123456789".utf8)) == 0xC78A_B0E5)
        #expect(CRC32C.masked([UInt8](repeating: 0, count: 8)) == 0x0798_0329)
        // The length field of a 24-byte record: struct.pack('<Q', 24).
        #expect(CRC32C.masked([24, 0, 0, 0, 0, 0, 0, 0]) == 0x224B_7FA3)
    }
}

import Foundation
import Synapse
import Testing

/// Damaged files never crash the process: every truncation and thousands of corrupted headers either
/// decode to a consistent result or throw ``SynapseError/fileError(_:)``.
@Suite struct SafeTensorsRobustnessTests {
    typealias T = SafeTensorsTesting

    /// Valid files to damage: one written by Synapse and the one written by Python.
    static func validFiles() throws -> [[UInt8]] {
        let ours = try SafeTensorsRoundTripTests.sampleFile().encoded()
        let python = try [UInt8](Data(contentsOf: URL(fileURLWithPath: SafeTensorsFixtureTests.fixturePath)))
        return [ours, python]
    }

    /// Decodes `bytes`; returns whether it succeeded, and records an issue if the outcome is neither a
    /// consistent file nor a file error.
    @discardableResult
    static func decodeChecked(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        do {
            let file = try SafeTensorsFile.decode(bytes, source: "damaged")
            // Whatever was accepted is self-consistent and can be written again.
            #expect(Set(file.order) == Set(file.tensors.keys), sourceLocation: sourceLocation)
            for tensor in file.tensors.values {
                #expect(tensor.count == tensor.shape.reduce(1, *), sourceLocation: sourceLocation)
            }
            #expect(throws: Never.self, sourceLocation: sourceLocation) { _ = try file.encoded() }
            return true
        } catch let error as SynapseError {
            guard case .fileError(let message) = error else {
                Issue.record("expected a file error, got \(error)", sourceLocation: sourceLocation)
                return false
            }
            #expect(message.hasPrefix("damaged: "), sourceLocation: sourceLocation)
            return false
        } catch {
            Issue.record("unexpected error type: \(error)", sourceLocation: sourceLocation)
            return false
        }
    }

    @Test func everyTruncationThrows() throws {
        for bytes in try Self.validFiles() {
            #expect(Self.decodeChecked(bytes))
            var accepted: [Int] = []
            for length in 0..<bytes.count where Self.decodeChecked(Array(bytes[..<length])) {
                accepted.append(length)
            }
            #expect(accepted.isEmpty, "truncated files accepted at lengths \(accepted)")
        }
    }

    @Test func appendedBytesAreRejected() throws {
        for bytes in try Self.validFiles() {
            #expect(!Self.decodeChecked(bytes + [0]))
        }
    }

    @Test func corruptedHeadersNeverCrash() throws {
        // Bytes that steer the parser into interesting corners.
        let interesting = Array("{}[]\":,-0123456789.eE+\\u /tnfF".utf8) + [0x00, 0x7F, 0x80, 0xC3, 0xFF]
        var generator = RandomGenerator(seed: 2024)
        var accepted = 0
        var variants = 0
        for original in try Self.validFiles() {
            let headerCount = original[0..<8].reversed().reduce(0) { $0 << 8 | Int($1) }
            for _ in 0..<2500 {
                var bytes = original
                let edits = Int.random(in: 1...4, using: &generator)
                for _ in 0..<edits {
                    // Mostly inside the header, sometimes in the header length itself.
                    let position = Int.random(in: 0..<10, using: &generator) == 0
                        ? Int.random(in: 0..<8, using: &generator)
                        : Int.random(in: 8..<(8 + headerCount), using: &generator)
                    switch Int.random(in: 0..<4, using: &generator) {
                    case 0: bytes[position] = UInt8.random(in: 0...255, using: &generator)
                    case 1: bytes[position] ^= 1 << UInt8.random(in: 0..<8, using: &generator)
                    case 2: bytes[position] = interesting.randomElement(using: &generator)!
                    default:
                        // Retype a digit, which moves offsets and shapes around while keeping valid JSON.
                        let digits = (8..<(8 + headerCount)).filter { (0x30...0x39).contains(bytes[$0]) }
                        if let digit = digits.randomElement(using: &generator) {
                            bytes[digit] = UInt8.random(in: 0x30...0x39, using: &generator)
                        }
                    }
                }
                variants += 1
                if Self.decodeChecked(bytes) { accepted += 1 }
            }
        }
        #expect(variants == 5000)
        // Most damage is detected; a few edits (inside a metadata string, say) are harmless.
        #expect(accepted < variants / 10)
    }

    @Test func randomBytesAfterAPlausibleHeaderLengthNeverCrash() {
        var generator = RandomGenerator(seed: 7)
        for _ in 0..<1000 {
            let count = Int.random(in: 0..<200, using: &generator)
            var bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if count >= 8 {
                let length = UInt64.random(in: 0...UInt64(count - 8), using: &generator)
                bytes.replaceSubrange(0..<8, with: T.littleEndian(length))
                if count > 8 { bytes[8] = UInt8(ascii: "{") }
            }
            Self.decodeChecked(bytes)
        }
    }
}

import Foundation
import Synapse
import Testing

@Suite struct ModelFileRobustnessTests {
    private static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// Weights written by Python's `safetensors` load by name into a matching model.
    @Test func weightsWrittenByPythonLoadByName() throws {
        let model = Sequential {
            Input(3)
            Dense(2, activation: .relu)
            Dense(1)
        }
        try model.loadWeights(from: Self.fixtures.appendingPathComponent("python_weights.safetensors").path)
        let x = Tensor([[1, 2, 3], [-1, 0, 1]])
        // Row 1: h = relu([1+1-0.75+0.1, -1+4+2.25-0.2]) = [1.35, 5.05]; y = 2·1.35 − 3·5.05 + 0.5 = −11.95
        // Row 2: h = relu([-1+0-0.25+0.1, 1+0+0.75-0.2]) = [0, 1.55];   y = −3·1.55 + 0.5 = −4.15
        let y = try model.predict(x)
        #expect(y.shape == [2, 1])
        #expect(abs(y.scalars[0] - -11.95) < 1e-5 && abs(y.scalars[1] - -4.15) < 1e-5, "\(y)")
    }

    /// Cutting a saved model short at any byte, or corrupting header bytes, gives an error, never a crash.
    @Test func truncatedOrCorruptedModelFilesThrow() throws {
        let folder = NSTemporaryDirectory() + "synapse-robust-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let model = Sequential(seed: 2) {
            Input(2)
            Dense(3, activation: .tanh)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(loss: .binaryCrossEntropy, optimizer: Adam(), metrics: [.accuracy])
        try model.fit(Tensor([[0, 1], [1, 0]]), Tensor([[1], [0]]), epochs: 1, verbose: 0)
        let path = folder + "/model.safetensors", damaged = folder + "/damaged.safetensors"
        try model.save(to: path)
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        for length in 0..<bytes.count {
            try Data(bytes[..<length]).write(to: URL(fileURLWithPath: damaged))
            #expect(throws: SynapseError.self, "truncated at \(length)") { _ = try Sequential.load(from: damaged) }
        }
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        var generator = RandomGenerator(seed: 9)
        var loaded = 0
        for _ in 0..<500 {
            var copy = bytes
            let position = 8 + generator.nextInt(below: headerLength)
            copy[position] = UInt8(truncatingIfNeeded: generator.next())
            try Data(copy).write(to: URL(fileURLWithPath: damaged))
            if (try? Sequential.load(from: damaged)) != nil { loaded += 1 }
        }
        // Some flips land in harmless places (digits of a value, spaces); most must be refused.
        #expect(loaded < 500)
    }
}

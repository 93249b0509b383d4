import Foundation
import Synapse
import Testing

/// Shapes, hand-computed values, errors and configurations of the reshaping layers (their values
/// and gradients against Keras are in `keras_cases_reshaping.json`, their kernels in the harness).
@Suite("Reshaping")
struct ReshapingTests {
    static func outputShape(_ layer: any Layer, _ sample: [Int]) throws -> [Int] {
        var generator = RandomGenerator(seed: 0)
        return try layer.build(inputShape: sample, generator: &generator)
    }

    /// A one-layer model's prediction through its kernels, which must equal the tape's.
    static func predict(_ layer: any Layer, _ x: Tensor) throws -> Tensor {
        let input = Input(shape: Array(x.shape.dropFirst()))
        let model = try Model(inputs: [input], outputs: [try layer(input)])
        let kernels = try model.predict([x])[0]
        model.usesKernels = false
        #expect(try model.predict([x])[0] == kernels, "\(layer.typeName): kernels and tape differ")
        return kernels
    }

    static func expectRefused(_ layer: any Layer, _ sample: [Int], _ sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try outputShape(layer, sample)
            Issue.record("\(layer.typeName) accepted samples of shape \(sample)", sourceLocation: sourceLocation)
        } catch let error as SynapseError {
            #expect(error.message.hasPrefix("\(layer.name):"), "\(error)", sourceLocation: sourceLocation)
        } catch {
            Issue.record("\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test func outputShapes() throws {
        #expect(try Self.outputShape(Flatten(), [5, 5, 64]) == [1600])
        #expect(try Self.outputShape(Flatten(), [3, 4]) == [12])
        #expect(try Self.outputShape(Reshape(targetShape: [-1, 4]), [12]) == [3, 4])
        #expect(try Self.outputShape(Reshape(targetShape: [2, -1, 3]), [4, 3]) == [2, 2, 3])
        #expect(try Self.outputShape(UpSampling1D(size: 3), [4, 2]) == [12, 2])
        #expect(try Self.outputShape(UpSampling2D(size: [2, 3]), [4, 5, 8]) == [8, 15, 8])
        #expect(try Self.outputShape(ZeroPadding1D(), [4, 2]) == [6, 2])
        #expect(try Self.outputShape(ZeroPadding2D(padding: (1, 2)), [4, 5, 1]) == [6, 9, 1])
        #expect(try Self.outputShape(ZeroPadding2D(padding: ((1, 2), (3, 4))), [7, 5, 3]) == [10, 12, 3])
        #expect(try Self.outputShape(Cropping1D(cropping: (0, 3)), [7, 2]) == [4, 2])
        #expect(try Self.outputShape(Cropping2D(), [7, 5, 2]) == [7, 5, 2])
        #expect(try Self.outputShape(Cropping2D(cropping: ((1, 2), (0, 1))), [7, 5, 3]) == [4, 4, 3])
    }

    @Test func valuesByHand() throws {
        let x = try Tensor(shape: [1, 2, 2, 1], scalars: [1, 2, 3, 4])
        #expect(try Self.predict(ZeroPadding2D(padding: ((1, 0), (0, 1))), x).scalars == [0, 0, 0, 1, 2, 0, 3, 4, 0])
        #expect(try Self.predict(UpSampling2D(size: [1, 2]), x).scalars == [1, 1, 2, 2, 3, 3, 4, 4])
        #expect(try Self.predict(Cropping2D(cropping: ((1, 0), (0, 1))), x).scalars == [3])
        #expect(try Self.predict(Flatten(), x).shape == [1, 4])
        let sequence = try Tensor(shape: [1, 3, 2], scalars: [1, 2, 3, 4, 5, 6])
        #expect(try Self.predict(ZeroPadding1D(padding: (0, 1)), sequence).scalars == [1, 2, 3, 4, 5, 6, 0, 0])
        #expect(try Self.predict(UpSampling1D(), sequence).scalars == [1, 2, 1, 2, 3, 4, 3, 4, 5, 6, 5, 6])
        #expect(try Self.predict(Cropping1D(), sequence).scalars == [3, 4])
        let reshaped = try Self.predict(Reshape(targetShape: [2, -1]), sequence)
        #expect(reshaped.shape == [1, 2, 3] && reshaped.scalars == sequence.scalars)
    }

    /// Upsampling's gradient adds up over the copies of each value; a crop's is zero where cropped.
    @Test func gradientsByHand() throws {
        let x = try Tensor(shape: [1, 2, 1], scalars: [1, 2])
        let (_, up) = try valueWithGradient(at: [x]) { t in try UpSampling1D(size: 3).forward(t[0], training: true).sum() }
        #expect(up[0].scalars == [3, 3])
        let (_, crop) = try valueWithGradient(at: [x]) { t in try Cropping1D(cropping: (1, 0)).forward(t[0], training: true).sum() }
        #expect(crop[0].scalars == [0, 1])
    }

    /// Bilinear upsampling by 2 of one row [0, 4]: with TensorFlow's half-pixel centres the outputs
    /// sample the input at −¼, ¼, ¾ and 1¼, which (edges clamped) gives [0, 1, 3, 4].
    @Test func bilinearUpsamplingByHand() throws {
        let x = try Tensor(shape: [1, 1, 2, 1], scalars: [0, 4])
        let y = try Self.predict(UpSampling2D(size: [1, 2], interpolation: .bilinear), x)
        #expect(y.shape == [1, 1, 4, 1])
        #expect(y.scalars == [0, 1, 3, 4])
    }

    @Test func badShapesAreRefusedNamingTheLayer() {
        Self.expectRefused(Reshape(targetShape: [5, 3], name: "r"), [4, 4])
        Self.expectRefused(Reshape(targetShape: [-1, 5], name: "r"), [4, 4])
        Self.expectRefused(Reshape(targetShape: [-1, -1], name: "r"), [4, 4])
        Self.expectRefused(Reshape(targetShape: [0, 16], name: "r"), [4, 4])
        Self.expectRefused(Reshape(targetShape: [1 << 40, 1 << 40], name: "r"), [4, 4])
        Self.expectRefused(Cropping1D(cropping: (2, 1), name: "c"), [3, 1])
        Self.expectRefused(Cropping2D(cropping: ((1, 1), (3, 3)), name: "c"), [5, 6, 1])
        Self.expectRefused(Cropping2D(cropping: -1, name: "c"), [5, 6, 1])
        Self.expectRefused(ZeroPadding2D(padding: 1, name: "z"), [5, 6])
        Self.expectRefused(ZeroPadding1D(padding: 1, name: "z"), [5, 6, 1])
        Self.expectRefused(UpSampling2D(size: 0, name: "u"), [2, 2, 1])
        Self.expectRefused(UpSampling1D(size: 1 << 16, name: "u"), [1 << 16, 1])
    }

    @Test func kerasKeyNamesConfigureTheLayers() throws {
        func make(_ type: String, _ configuration: [String: JSONValue]) throws -> any Layer {
            try LayerRegistry.layer(ofType: type, named: "x", configuration: configuration)
        }
        func pair(_ a: Double, _ b: Double) -> JSONValue { .array([.number(a), .number(b)]) }
        #expect(try Self.outputShape(make("ZeroPadding2D", ["padding": .array([pair(1, 2), pair(3, 4)])]), [7, 5, 3]) == [10, 12, 3])
        #expect(try Self.outputShape(make("ZeroPadding2D", ["padding": pair(1, 2)]), [7, 5, 3]) == [9, 9, 3])
        #expect(try Self.outputShape(make("ZeroPadding2D", ["padding": .number(2)]), [7, 5, 3]) == [11, 9, 3])
        #expect(try make("ZeroPadding2D", [:]).configuration["padding"] == .array([pair(1, 1), pair(1, 1)]))
        #expect(try Self.outputShape(make("ZeroPadding1D", ["padding": pair(0, 2)]), [7, 3]) == [9, 3])
        #expect(try Self.outputShape(make("Cropping1D", ["cropping": .number(2)]), [7, 3]) == [3, 3])
        #expect(try make("Cropping1D", [:]).configuration["cropping"] == pair(1, 1))
        #expect(try Self.outputShape(make("Cropping2D", ["cropping": .array([pair(1, 2), pair(0, 3)])]), [7, 5, 3]) == [4, 2, 3])
        #expect(try Self.outputShape(make("UpSampling2D", ["size": pair(2, 3), "interpolation": .string("nearest")]), [2, 2, 1]) == [4, 6, 1])
        #expect(try make("UpSampling2D", ["size": .number(3)]).configuration["size"] == pair(3, 3))
        #expect(try Self.outputShape(make("UpSampling1D", ["size": .number(3)]), [2, 1]) == [6, 1])
        #expect(try Self.outputShape(make("Reshape", ["target_shape": .array([.number(-1), .number(3)])]), [4, 3]) == [4, 3])
        #expect(try Self.outputShape(make("Flatten", ["data_format": .string("channels_last")]), [4, 3]) == [12])
    }

    @Test func badConfigurationsAreRefused() {
        let bad: [(String, [String: JSONValue])] = [
            ("Flatten", ["data_format": .string("channels_first")]),
            ("ZeroPadding2D", ["data_format": .string("channels_first")]),
            ("UpSampling2D", ["interpolation": .string("bicubic")]),
            ("UpSampling2D", ["size": .array([.number(2)])]),
            ("ZeroPadding2D", ["padding": .array([.number(1), .number(2), .number(3)])]),
            ("ZeroPadding1D", ["padding": .number(-1)]),
            ("Cropping2D", ["cropping": .array([.array([.number(1)]), .number(2)])]),
            ("Reshape", [:]),
            ("Reshape", ["target_shape": .array([.number(2.5)])]),
            ("Reshape", ["target_shape": .array([.number(-2)])]),
        ]
        for (type, configuration) in bad {
            do {
                _ = try LayerRegistry.layer(ofType: type, named: "x", configuration: configuration)
                Issue.record("\(type) accepted \(configuration)")
            } catch let error as SynapseError {
                #expect(error.message.hasPrefix("\(type) 'x'"), "\(error)")
            } catch {
                Issue.record("\(error)")
            }
        }
    }
}

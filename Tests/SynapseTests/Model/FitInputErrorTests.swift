import Foundation
import Synapse
import Testing

/// Wrong input to `fit`, `evaluate` and `predict` throws a `SynapseError` that names what was expected
/// and what was found — before any training happens.
@Suite("Fit input errors")
struct FitInputErrorTests {
    let x = Tensor([[0, 0], [0, 1], [1, 0], [1, 1]])
    let y = Tensor([[0], [1], [1], [0]])

    func binaryModel() throws -> Sequential {
        let model = Sequential(seed: 1) {
            Input(2)
            Dense(1, activation: .sigmoid)
        }
        try model.compile(loss: .binaryCrossEntropy, optimizer: SGD(learningRate: 0.5), metrics: [.accuracy])
        return model
    }

    func classifier(loss: Loss) throws -> Sequential {
        let model = Sequential(seed: 1) {
            Input(2)
            Dense(3, activation: .softmax)
        }
        try model.compile(loss: loss, optimizer: SGD())
        return model
    }

    /// Binary cross-entropy takes probabilities of the positive class: labels 0–9 used to train to a
    /// negative loss with no error (issue 10, defect 7).
    @Test func binaryLabelsOutsideZeroOneAreRefused() throws {
        let model = try binaryModel()
        expectError(SynapseError.invalidData, mentioning: ["fit", "[0, 1]", "3.0", "row 2"]) {
            try model.fit(x, Tensor([[0], [1], [3], [0]]), verbose: 0)
        }
        expectError(SynapseError.invalidData, mentioning: ["evaluate", "[0, 1]", "-1.0"]) {
            _ = try model.evaluate(x, Tensor([-1, 1, 1, 0]))
        }
        // Soft labels inside [0, 1] are fine.
        _ = try model.fit(x, Tensor([[0.1], [0.9], [1], [0]]), epochs: 1, verbose: 0)
    }

    @Test func labelsOfTheWrongShape() throws {
        let model = try binaryModel()
        expectError(SynapseError.shapeMismatch, mentioning: ["fit", "[4, 2]", "[4, 1]"]) {
            try model.fit(x, Tensor([[0, 1], [1, 0], [1, 0], [0, 1]]), verbose: 0)
        }
        expectError(SynapseError.shapeMismatch, mentioning: ["4 input rows", "[3, 1]"]) {
            try model.fit(x, Tensor([[0], [1], [1]]), verbose: 0)
        }
        expectError(SynapseError.shapeMismatch, mentioning: ["evaluate", "[4, 2]", "[4, 1]"]) {
            _ = try model.evaluate(x, Tensor([[0, 1], [1, 0], [1, 0], [0, 1]]))
        }
        // Class indices given to categorical cross-entropy: the message says what to use instead.
        let categorical = try classifier(loss: .categoricalCrossEntropy)
        expectError(SynapseError.shapeMismatch, mentioning: ["[4]", "[4, 3]", "sparseCategoricalCrossEntropy"]) {
            try categorical.fit(x, Tensor([0, 1, 2, 1]), verbose: 0)
        }
        // One-hot rows given to sparse categorical cross-entropy.
        let sparse = try classifier(loss: .sparseCategoricalCrossEntropy)
        expectError(SynapseError.shapeMismatch, mentioning: ["sparse_categorical_crossentropy", "[4]", "[4, 3]"]) {
            try sparse.fit(x, Tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]), verbose: 0)
        }
    }

    @Test func sparseLabelsOutOfRangeOrNotIntegers() throws {
        let model = try classifier(loss: .sparseCategoricalCrossEntropy)
        expectError(SynapseError.invalidData, mentioning: ["label 3.0", "row 1", "0..<3"]) {
            try model.fit(x, Tensor([0, 3, 1, 2]), verbose: 0)
        }
        expectError(SynapseError.invalidData, mentioning: ["label -1.0", "row 3"]) {
            try model.fit(x, Tensor([0, 2, 1, -1]), verbose: 0)
        }
        expectError(SynapseError.invalidData, mentioning: ["label 0.5", "row 2"]) {
            try model.fit(x, Tensor([[0], [2], [0.5], [1]]), verbose: 0)
        }
        expectError(SynapseError.invalidData, mentioning: ["evaluate", "label 7.0"]) {
            _ = try model.evaluate(x, Tensor([0, 1, 7, 1]))
        }
    }

    @Test func featureCountNotMatchingTheInput() throws {
        let model = try binaryModel()
        let wide = Tensor([[0, 0, 1], [0, 1, 1], [1, 0, 1], [1, 1, 1]])
        expectError(SynapseError.shapeMismatch, mentioning: ["[2]", "[4, 3]"]) {
            try model.fit(wide, y, verbose: 0)
        }
        expectError(SynapseError.shapeMismatch, mentioning: ["[2]", "[4, 3]"]) {
            _ = try model.evaluate(wide, y)
        }
        expectError(SynapseError.shapeMismatch, mentioning: ["[2]", "[4, 3]"]) {
            _ = try model.predict(wide)
        }
        expectError(SynapseError.shapeMismatch, mentioning: ["[4]"]) {
            _ = try model.predict(Tensor([1, 2, 3, 4]))
        }
    }

    @Test func emptyData() throws {
        let model = try binaryModel()
        let noRows = try Tensor(shape: [0, 2], scalars: [])
        let noLabels = try Tensor(shape: [0, 1], scalars: [])
        expectError(SynapseError.invalidData, mentioning: ["empty", "[0, 2]"]) {
            try model.fit(noRows, noLabels, verbose: 0)
        }
        expectError(SynapseError.invalidData, mentioning: ["empty"]) {
            _ = try model.evaluate(noRows, noLabels)
        }
    }

    @Test func invalidBatchSizesAndArguments() throws {
        let model = try binaryModel()
        expectError(SynapseError.invalidArgument, mentioning: ["batchSize", "≥ 1", "0"]) {
            try model.fit(x, y, batchSize: 0, verbose: 0)
        }
        expectError(SynapseError.invalidArgument, mentioning: ["batchSize", "-3"]) {
            _ = try model.evaluate(x, y, batchSize: -3)
        }
        expectError(SynapseError.invalidArgument, mentioning: ["epochs", "-1"]) {
            try model.fit(x, y, epochs: -1, verbose: 0)
        }
        expectError(SynapseError.invalidArgument, mentioning: ["verbose", "3"]) {
            try model.fit(x, y, verbose: 3)
        }
    }

    @Test func nonFiniteValues() throws {
        let model = try binaryModel()
        let before = model.parameters.map(\.value)
        expectError(SynapseError.invalidData, mentioning: ["inputs", "nan", "row 2"]) {
            try model.fit(Tensor([[0, 0], [0, 1], [1, .nan], [1, 1]]), y, verbose: 0)
        }
        expectError(SynapseError.invalidData, mentioning: ["labels", "inf", "row 3"]) {
            try model.fit(x, Tensor([[0], [1], [1], [.infinity]]), verbose: 0)
        }
        expectError(SynapseError.invalidData, mentioning: ["predict", "nan", "row 0"]) {
            _ = try model.predict(Tensor([[.nan, 0]]))
        }
        expectError(SynapseError.invalidData, mentioning: ["validation", "nan"]) {
            try model.fit(x, y, validationData: (Tensor([[.nan, 0]]), Tensor([[1]])), verbose: 0)
        }
        // Nothing was trained.
        #expect(model.parameters.map(\.value) == before)
        #expect(model.epochsTrained == 0)
    }

    @Test func fitOrEvaluateBeforeCompile() {
        let model = Sequential(name: "untrained") {
            Input(2)
            Dense(1)
        }
        expectError(SynapseError.invalidState, mentioning: ["untrained.fit", "compile"]) {
            try model.fit(x, y, verbose: 0)
        }
        expectError(SynapseError.invalidState, mentioning: ["untrained.evaluate", "compile"]) {
            _ = try model.evaluate(x, y)
        }
    }

    @Test func validationSplitOfOne() throws {
        let model = try binaryModel()
        expectError(SynapseError.invalidArgument, mentioning: ["validationSplit", "[0, 1)", "1.0"]) {
            try model.fit(x, y, validationSplit: 1.0, verbose: 0)
        }
    }

    @Test func aBadLayerInTheBuilderSurfacesOnFirstUse() throws {
        let model = Sequential {
            Input(2)
            Dense(0)
        }
        expectError(SynapseError.invalidArgument, mentioning: ["units", "0"]) {
            try model.compile(loss: .meanSquaredError, optimizer: SGD())
            try model.fit(x, y, verbose: 0)
        }
    }
}

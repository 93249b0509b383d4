import ArgumentParser
import Foundation
import Synapse

/// `synapse train`: fits a multilayer perceptron to a CSV file and saves it with its history.
struct TrainCommand: SynapseSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a model on a CSV file and save it as a .safetensors file.",
        discussion: """
            Every column but the label must hold numbers; the label may hold class names or numbers. \
            The task is chosen from the label column unless --task says otherwise: class names, or whole \
            numbers with at most 20 distinct values, make a classifier (softmax output, sparse categorical \
            cross-entropy, accuracy); other numbers a regression (one linear unit, mean squared error, \
            mean absolute error). The rows are shuffled once with --seed before the last \
            --validation-split of them is held out. Features are standardised with the mean and standard \
            deviation of the training rows; those, the column names and the class names are stored in \
            the model file's metadata, so that evaluate and predict read new files the same way. \
            Writes the model to --output and, beside it, <stem>.history.svg and <stem>.history.csv.
            """
    )

    @Argument(help: "The CSV file to train on (with a header row).")
    var data: String

    @Option(help: "The name of the label column.")
    var label: String

    @Option(help: "The hidden layers, as UNITS:ACTIVATION entries separated by commas (empty for none).")
    var layers = "64:relu,32:relu"

    @Option(help: "The number of epochs.")
    var epochs = 20

    @Option(help: "The number of rows per update.")
    var batchSize = 32

    @Option(help: "The learning rate (default: the optimizer's Keras default, 0.001 for adam and rmsprop, 0.01 for sgd).")
    var learningRate: Float?

    @Option(help: "The optimizer: adam, sgd or rmsprop.")
    var optimizer: OptimizerChoice = .adam

    @Option(help: "The fraction of rows held out for validation, in [0, 1).")
    var validationSplit: Double = 0.2

    @Option(help: "The seed of the weights, the shuffles and the validation split.")
    var seed: UInt64 = 0

    @Option(help: "auto, classification or regression.")
    var task: TrainingTask = .auto

    @Option(help: "Where to write the model.")
    var output = "model.safetensors"

    @Option(help: "0 silent, 1 progress bar, 2 one line per epoch.")
    var verbose = 1

    func execute() throws {
        let hidden = try LayerSpecification.parseList(layers)
        let table = try CSV.read(contentsOf: data, header: .present, labelColumn: .name(label))
        let labelValues = table.labels?.scalars ?? []
        let resolved = try task.resolve(labels: labelValues, classNames: table.labelClasses, labelName: label)

        var classNames: [String] = []
        var targets = table.labels!   // present: a label column was named
        if resolved == .classification {
            if let names = table.labelClasses {
                classNames = names
            } else {
                let values = Set(labelValues).sorted()
                classNames = values.map(ClassNames.name(ofNumber:))
                let index = Dictionary(uniqueKeysWithValues: values.enumerated().map { ($1, Float($0)) })
                targets = try Tensor(shape: [labelValues.count], scalars: labelValues.map { index[$0]! })
            }
            guard classNames.count >= 2 else {
                throw SynapseError.invalidData("CSV file '\(data)': the label column '\(label)' holds a single class (\(classNames.joined())); a classifier needs at least two")
            }
        }

        let (train, validation) = try split(table.features, targets)
        let scaler = try StandardScaler(fittedTo: train.x)
        let model = try makeModel(features: table.features.shape[1], hidden: hidden, task: resolved, classCount: classNames.count)
        let history = try model.fit(try scaler.transform(train.x), train.y, epochs: epochs, batchSize: batchSize,
                                    validationData: try validation.map { (try scaler.transform($0.x), $0.y) },
                                    verbose: verbose)

        let card = ModelCard(task: resolved, labelName: label, featureNames: table.featureNames ?? [],
                             classNames: classNames, scaler: scaler)
        try model.save(to: output, metadata: try card.metadata())
        let stem = (output as NSString).deletingPathExtension
        try history.plot(to: stem + ".history.svg")
        try history.writeCSV(to: stem + ".history.csv")
        print(card.taskDescription)
        print("Saved the model to \(output), its history to \(stem).history.svg and \(stem).history.csv")
    }

    /// The training rows and, unless --validation-split is 0, the validation rows.
    private func split(_ x: Tensor, _ y: Tensor) throws -> (train: (x: Tensor, y: Tensor), validation: (x: Tensor, y: Tensor)?) {
        guard validationSplit > 0 else { return ((x, y), nil) }
        guard validationSplit < 1 else {
            throw SynapseError.invalidArgument("--validation-split must be in [0, 1), found \(validationSplit)")
        }
        let (train, test) = try trainTestSplit(x, y, testFraction: validationSplit, seed: seed)
        return (train, test)
    }

    /// The network: the hidden layers, then the output the task needs, compiled.
    private func makeModel(features: Int, hidden: [LayerSpecification], task: TrainingTask, classCount: Int) throws -> Sequential {
        let model = Sequential(seed: seed)
        try model.add(Input(features))
        for layer in hidden { try model.add(Dense(layer.units, activation: layer.activation)) }
        if task == .classification {
            try model.add(Dense(classCount, activation: .softmax))
            try model.compile(loss: .sparseCategoricalCrossEntropy, optimizer: optimizer.make(learningRate: learningRate),
                              metrics: [.accuracy])
        } else {
            try model.add(Dense(1))
            try model.compile(loss: .meanSquaredError, optimizer: optimizer.make(learningRate: learningRate),
                              metrics: [.meanAbsoluteError])
        }
        return model
    }
}

/// The optimizers `--optimizer` offers, with Keras's defaults.
enum OptimizerChoice: String, CaseIterable, ExpressibleByArgument {
    case adam, sgd, rmsprop

    /// The optimizer, with `learningRate` or its own default.
    func make(learningRate: Float?) -> any Optimizer {
        switch self {
        case .adam: return learningRate.map { Adam(learningRate: $0) } ?? Adam()
        case .sgd: return learningRate.map { SGD(learningRate: $0) } ?? SGD()
        case .rmsprop: return learningRate.map { RMSprop(learningRate: $0) } ?? RMSprop()
        }
    }
}

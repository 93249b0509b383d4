/// The MNIST handwritten digits: grey-scale 28×28 images with their digits 0–9.
///
/// Images are scaled from bytes 0…255 to `Float`s in [0, 1]; by default each image is flattened to
/// 784 values, the input a `Dense` network expects (pass `flatten: false` to keep `[n, 28, 28]`).
/// Labels are class indices stored as `Float`s, shape `[n]`.
///
/// ```swift
/// let mnist = try MNIST.loadBundled()          // the 10,000 t10k digits in Data/mnist/
/// let (train, test) = try mnist.split()        // first 8,000 / last 2,000
/// print(train.images.shape, train.labels.shape) // [8000, 784] [8000]
/// ```
public struct MNIST {
    /// The images: `[n, rows × columns]` when flattened, else `[n, rows, columns]`; values in [0, 1].
    public var images: Tensor
    /// The digit of each image as a class index, shape `[n]`.
    public var labels: Tensor

    /// The number of images.
    public var count: Int { labels.count }

    /// The number of images the project's convention puts in the training set (the first 8,000);
    /// the rest (the last 2,000 of the bundled 10,000) form the test set.
    public static let conventionalTrainCount = 8_000

    /// Creates a data set from images and labels with the same number of rows.
    ///
    /// - Throws: ``SynapseError/shapeMismatch(_:)`` if `labels` is not rank 1 or the counts differ.
    public init(images: Tensor, labels: Tensor) throws {
        guard labels.rank == 1, images.rank >= 1, images.shape[0] == labels.shape[0] else {
            throw SynapseError.shapeMismatch("MNIST: expected images [n, …] and labels [n], found images \(images.shape) and labels \(labels.shape)")
        }
        self.images = images
        self.labels = labels
    }

    /// Loads images and labels from IDX files (gzip-compressed or not) in MNIST's layout.
    ///
    /// - Parameters:
    ///   - imagesPath: an IDX file of unsigned bytes, shape `[n, rows, columns]` (magic `0x00000803`).
    ///   - labelsPath: an IDX file of unsigned bytes, shape `[n]` (magic `0x00000801`).
    ///   - flatten: whether to return images as `[n, rows × columns]` (default) or `[n, rows, columns]`.
    /// - Throws: ``SynapseError/fileError(_:)`` if a file cannot be read, is malformed, or does not
    ///   hold what MNIST's layout expects; ``SynapseError/shapeMismatch(_:)`` if the two files hold
    ///   different numbers of examples.
    public static func load(imagesPath: String, labelsPath: String, flatten: Bool = true) throws -> MNIST {
        var imageFile = try IDX.readContents(of: imagesPath)
        guard imageFile.dataType == .uint8, imageFile.tensor.rank == 3 else {
            throw SynapseError.fileError("MNIST images '\(imagesPath)': expected uint8 values of shape [n, rows, columns] (magic 0x00000803), found \(imageFile.dataType) values of shape \(imageFile.tensor.shape)")
        }
        let labelFile = try IDX.readContents(of: labelsPath)
        guard labelFile.dataType == .uint8, labelFile.tensor.rank == 1 else {
            throw SynapseError.fileError("MNIST labels '\(labelsPath)': expected uint8 values of shape [n] (magic 0x00000801), found \(labelFile.dataType) values of shape \(labelFile.tensor.shape)")
        }
        guard imageFile.tensor.shape[0] == labelFile.tensor.shape[0] else {
            throw SynapseError.shapeMismatch("MNIST: '\(imagesPath)' holds \(imageFile.tensor.shape[0]) images but '\(labelsPath)' holds \(labelFile.tensor.shape[0]) labels")
        }
        // Move the tensor out of `imageFile` so that scaling happens in place rather than on a copy.
        var images = imageFile.tensor
        imageFile.tensor = Tensor(0)
        images.withUnsafeMutableBufferPointer { values in
            for i in values.indices { values[i] /= 255 }
        }
        if flatten {
            let shape = images.shape
            let pixels = try Shape.checkedCount([shape[1], shape[2]], what: "MNIST images '\(imagesPath)'")
            images.setShapeUnchecked([shape[0], pixels])
        }
        return try MNIST(images: images, labels: labelFile.tensor)
    }

    /// The examples in `range`, in order.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` if the range is outside `0..<count`.
    public func examples(_ range: Range<Int>) throws -> MNIST {
        guard range.lowerBound >= 0, range.upperBound <= count else {
            throw SynapseError.invalidArgument("MNIST.examples: range \(range) is outside the \(count) examples")
        }
        return try MNIST(images: images.rows(range), labels: labels.rows(range))
    }

    /// Splits the examples by position: the first `trainCount` for training, the rest for testing.
    ///
    /// With the defaults this is the project's convention for the bundled set: the first 8,000
    /// images train, the last 2,000 test.
    ///
    /// - Throws: ``SynapseError/invalidArgument(_:)`` unless `0 < trainCount < count`.
    ///
    /// The value is consumed: the training part keeps its storage (truncated in place), so splitting
    /// does not hold a second copy of the training images.
    public consuming func split(trainCount: Int = MNIST.conventionalTrainCount) throws -> (train: MNIST, test: MNIST) {
        guard trainCount > 0, trainCount < count else {
            throw SynapseError.invalidArgument("MNIST.split: trainCount must be in 1..<\(count) so that both sets are non-empty, found \(trainCount)")
        }
        let test = try examples(trainCount..<count)
        var images = self.images, labels = self.labels
        self.images = Tensor(0)
        self.labels = Tensor(0)
        images.keepFirstRows(trainCount)
        labels.keepFirstRows(trainCount)
        return (try MNIST(images: images, labels: labels), test)
    }
}

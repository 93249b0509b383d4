import Foundation

extension MNIST {
    /// The file name of the bundled images (the MNIST test set, 10,000 images).
    public static let bundledImagesFileName = "t10k-images-idx3-ubyte.gz"
    /// The file name of the bundled labels.
    public static let bundledLabelsFileName = "t10k-labels-idx1-ubyte.gz"
    /// Where the bundled copy lives, relative to the package root.
    public static let bundledRelativeDirectory = "Data/mnist"

    /// Loads the copy of MNIST bundled with Synapse (10,000 images and labels).
    ///
    /// - Parameters:
    ///   - directory: a folder holding the two files; if nil, the bundled folder is searched for as
    ///     ``bundledDirectory(explicitPath:startingAt:)`` describes.
    ///   - flatten: whether images are `[n, 784]` (default) or `[n, 28, 28]`.
    /// - Throws: ``SynapseError/fileError(_:)`` naming every place looked in if the files are not
    ///   found, or any error of ``load(imagesPath:labelsPath:flatten:)``.
    public static func loadBundled(directory: String? = nil, flatten: Bool = true) throws -> MNIST {
        let folder = try bundledDirectory(explicitPath: directory)
        return try load(imagesPath: folder + "/" + bundledImagesFileName,
                        labelsPath: folder + "/" + bundledLabelsFileName, flatten: flatten)
    }

    /// Finds the folder that holds the bundled MNIST files.
    ///
    /// With `explicitPath`, only that folder is accepted. Otherwise `Data/mnist/` is looked for in
    /// `startingAt` (by default the current directory) and each of its parents in turn, and then
    /// beside the Synapse sources this library was built from (which finds the copy in a package
    /// checkout when a program runs from elsewhere).
    ///
    /// - Returns: the folder's path, without a trailing slash.
    /// - Throws: ``SynapseError/fileError(_:)`` listing every folder looked in.
    public static func bundledDirectory(explicitPath: String? = nil,
                                        startingAt start: String = FileManager.default.currentDirectoryPath) throws -> String {
        try BundledData.directory(holding: [bundledImagesFileName, bundledLabelsFileName],
                                  relativeDirectory: bundledRelativeDirectory, explicitPath: explicitPath,
                                  startingAt: start, dataSet: "MNIST")
    }
}

import Foundation

extension CSV {
    /// The file name of the bundled Iris data (150 flowers, 4 measurements, the species as names).
    public static let bundledIrisFileName = "iris.csv"
    /// Where the bundled Iris data lives, relative to the package root.
    public static let bundledIrisRelativeDirectory = "Data/iris"

    /// Loads Fisher's Iris data bundled with Synapse, as `sklearn.datasets.load_iris()` does.
    ///
    /// ```swift
    /// let iris = try CSV.loadBundledIris()
    /// // iris.features: [150, 4] (sepal length and width, petal length and width, in cm)
    /// // iris.labels: [150] holding 0, 1, 2; iris.labelClasses: ["setosa", "versicolor", "virginica"]
    /// ```
    ///
    /// - Parameter directory: a folder holding `iris.csv`; if nil, `Data/iris/` is looked for in the
    ///   current directory and each of its parents, then beside the Synapse sources (as
    ///   ``MNIST/bundledDirectory(explicitPath:startingAt:)`` looks for MNIST).
    /// - Throws: ``SynapseError/fileError(_:)`` naming every place looked in if the file is not found,
    ///   or any error of ``read(contentsOf:delimiter:header:labelColumn:allowNonFinite:)``.
    public static func loadBundledIris(directory: String? = nil) throws -> CSVDataset {
        let folder = try BundledData.directory(holding: [bundledIrisFileName],
                                               relativeDirectory: bundledIrisRelativeDirectory,
                                               explicitPath: directory,
                                               startingAt: FileManager.default.currentDirectoryPath,
                                               dataSet: "Iris")
        return try read(contentsOf: folder + "/" + bundledIrisFileName, header: .present, labelColumn: "species")
    }
}

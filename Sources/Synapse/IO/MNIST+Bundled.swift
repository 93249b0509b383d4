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
        let candidates: [String]
        if let explicitPath {
            candidates = [explicitPath]
        } else {
            var found: [String] = []
            var folder = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                found.append(folder.appendingPathComponent(bundledRelativeDirectory).path)
                let parent = folder.deletingLastPathComponent().standardizedFileURL
                if parent.path == folder.path { break }
                folder = parent
            }
            // This file is Sources/Synapse/IO/MNIST+Bundled.swift; the package root is three levels up.
            let packageRoot = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            let besideSources = packageRoot.appendingPathComponent(bundledRelativeDirectory).standardizedFileURL.path
            if !found.contains(besideSources) { found.append(besideSources) }
            candidates = found
        }
        for folder in candidates where hasBundledFiles(folder) {
            return folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        }
        let what = "\(bundledImagesFileName) and \(bundledLabelsFileName)"
        throw SynapseError.fileError("MNIST: cannot find \(what); looked in: \(candidates.joined(separator: ", "))")
    }

    private static func hasBundledFiles(_ folder: String) -> Bool {
        let manager = FileManager.default
        return manager.isReadableFile(atPath: folder + "/" + bundledImagesFileName)
            && manager.isReadableFile(atPath: folder + "/" + bundledLabelsFileName)
    }
}

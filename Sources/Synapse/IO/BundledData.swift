import Foundation

/// Finding the small data sets bundled with Synapse in `Data/` (see ``MNIST/loadBundled(directory:flatten:)``
/// and ``CSV/loadBundledIris(directory:)``).
enum BundledData {
    /// Finds the folder that holds every one of `files`.
    ///
    /// With `explicitPath`, only that folder is accepted. Otherwise `relativeDirectory` (such as
    /// `Data/mnist`) is looked for in `start` and each of its parents in turn, and then beside the
    /// Synapse sources this library was built from (which finds the copy in a package checkout when a
    /// program runs from elsewhere).
    ///
    /// - Parameter dataSet: names the data set in the error message (`MNIST`).
    /// - Returns: the folder's path, without a trailing slash.
    /// - Throws: ``SynapseError/fileError(_:)`` listing every folder looked in.
    static func directory(holding files: [String], relativeDirectory: String, explicitPath: String?,
                          startingAt start: String, dataSet: String) throws -> String {
        let candidates: [String]
        if let explicitPath {
            candidates = [explicitPath]
        } else {
            var found: [String] = []
            var folder = URL(fileURLWithPath: start).standardizedFileURL
            while true {
                found.append(folder.appendingPathComponent(relativeDirectory).path)
                let parent = folder.deletingLastPathComponent().standardizedFileURL
                if parent.path == folder.path { break }
                folder = parent
            }
            // This file is Sources/Synapse/IO/BundledData.swift; the package root is three levels up.
            let packageRoot = URL(fileURLWithPath: #filePath)
                .deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().deletingLastPathComponent()
            let besideSources = packageRoot.appendingPathComponent(relativeDirectory).standardizedFileURL.path
            if !found.contains(besideSources) { found.append(besideSources) }
            candidates = found
        }
        let manager = FileManager.default
        for folder in candidates where files.allSatisfy({ manager.isReadableFile(atPath: folder + "/" + $0) }) {
            return folder.count > 1 && folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        }
        let what = files.count == 1 ? files[0] : files.dropLast().joined(separator: ", ") + " and " + files.last!
        throw SynapseError.fileError("\(dataSet): cannot find \(what); looked in: \(candidates.joined(separator: ", "))")
    }
}

import Foundation

/// The executables of this package that tests run as a user would, found where SwiftPM built them:
/// next to the test bundle (`.build/<configuration>/`).
public enum BuiltExecutable {
    /// A built executable that could not be found.
    public struct NotFound: Error, CustomStringConvertible {
        public let description: String
    }

    /// The executable `name` next to the running test bundle.
    ///
    /// - Throws: ``NotFound`` naming the folders looked in.
    public static func locate(_ name: String) throws -> URL {
        var folders = Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }
            .map { $0.deletingLastPathComponent() }
        if let main = Bundle.main.executableURL {
            // On Linux the test bundle is the running executable; on macOS xctest runs it from a bundle.
            folders.append(main.deletingLastPathComponent())
            folders += main.pathComponents.indices.reversed().compactMap { index -> URL? in
                guard main.pathComponents[index].hasSuffix(".xctest") else { return nil }
                return URL(fileURLWithPath: NSString.path(withComponents: Array(main.pathComponents[..<index])))
            }
        }
        for folder in folders {
            let candidate = folder.appendingPathComponent(name)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        }
        throw NotFound(description: "\(name) was not found next to the test bundle (looked in \(folders.map(\.path)))")
    }
}

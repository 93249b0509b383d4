import Foundation
import Synapse
import Testing

@Suite("MNIST loading")
struct MNISTIOTests {
    @Test func loadsTheBundledTestSet() throws {
        let mnist = try MNIST.loadBundled()
        #expect(mnist.count == 10_000)
        #expect(mnist.images.shape == [10_000, 784])
        #expect(mnist.labels.shape == [10_000])
        #expect(Array(mnist.labels.scalars.prefix(3)) == [7, 2, 1])
        #expect(mnist.images.scalars.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(mnist.images.scalars.contains(1) && mnist.images.scalars.contains(0))
        #expect(mnist.labels.scalars.allSatisfy { $0 >= 0 && $0 <= 9 && $0 == $0.rounded() })
        // Every digit occurs, roughly a tenth of the time.
        for digit in 0..<10 {
            let share = mnist.labels.scalars.filter { $0 == Float(digit) }.count
            #expect(share > 800 && share < 1_200, "digit \(digit) occurs \(share) times")
        }
    }

    @Test func keepsImagesSquareWhenAsked() throws {
        let square = try MNIST.loadBundled(flatten: false)
        #expect(square.images.shape == [10_000, 28, 28])
        let flat = try MNIST.loadBundled()
        #expect(square.images.scalars == flat.images.scalars)
    }

    @Test func decompressionMatchesThePublishedDigest() throws {
        // The uncompressed image file's MD5 is published with the data set. Re-encoding the bytes we
        // read reproduces that file exactly only if decompression and decoding were exact.
        #expect(MD5.hexDigest([]) == "d41d8cd98f00b204e9800998ecf8427e")
        #expect(MD5.hexDigest(Array("abc".utf8)) == "900150983cd24fb0d6963f7d28e17f72")
        let folder = try MNIST.bundledDirectory()
        let raw = try IDX.readContents(of: folder + "/" + MNIST.bundledImagesFileName)
        #expect(raw.dataType == .uint8)
        let bytes = try IDX.encode(raw.tensor, as: .uint8)
        #expect(bytes.count == 16 + 10_000 * 784)
        #expect(MD5.hexDigest(bytes) == "2646ac647ad5339dbf082846283269ea")
        // And the loader's values are those bytes divided by 255.
        let mnist = try MNIST.loadBundled()
        #expect(mnist.images.scalars == raw.tensor.scalars.map { $0 / 255 })
    }

    @Test func conventionalSplitIsFirst8000ThenLast2000() throws {
        let mnist = try MNIST.loadBundled()
        let (train, test) = try mnist.split()
        #expect(train.count == 8_000 && test.count == 2_000)
        #expect(train.images.shape == [8_000, 784] && test.images.shape == [2_000, 784])
        #expect(Array(train.labels.scalars.prefix(3)) == [7, 2, 1])
        #expect(test.labels.scalars == Array(mnist.labels.scalars[8_000...]))
        #expect(test.images.scalars == Array(mnist.images.scalars[(8_000 * 784)...]))
        IOTest.expectError(.invalidArgument, mentioning: ["10000"]) { _ = try mnist.split(trainCount: 10_000) }
    }

    @Test func findsTheBundledFolderFromASubdirectoryOrAnExplicitPath() throws {
        let root = IOTest.packageRoot
        let expected = root + "/Data/mnist"
        #expect(try MNIST.bundledDirectory(startingAt: root + "/Sources/Synapse") == expected)
        #expect(try MNIST.bundledDirectory(explicitPath: expected) == expected)
        #expect(try MNIST.bundledDirectory(explicitPath: expected + "/") == expected)
        try IOTest.withTemporaryDirectory { dir in
            IOTest.expectError(.fileError, mentioning: [dir, MNIST.bundledImagesFileName]) {
                _ = try MNIST.bundledDirectory(explicitPath: dir)
            }
            // A copy in a parent of the start folder is found first.
            try FileManager.default.createDirectory(atPath: dir + "/Data/mnist", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: dir + "/a/b", withIntermediateDirectories: true)
            for name in [MNIST.bundledImagesFileName, MNIST.bundledLabelsFileName] {
                try FileManager.default.copyItem(atPath: expected + "/" + name, toPath: dir + "/Data/mnist/" + name)
            }
            let found = try MNIST.bundledDirectory(startingAt: dir + "/a/b")
            #expect(URL(fileURLWithPath: found).resolvingSymlinksInPath().path
                    == URL(fileURLWithPath: dir + "/Data/mnist").resolvingSymlinksInPath().path)
        }
    }

    @Test func rejectsFilesInTheWrongLayout() throws {
        let folder = try MNIST.bundledDirectory()
        let images = folder + "/" + MNIST.bundledImagesFileName, labels = folder + "/" + MNIST.bundledLabelsFileName
        IOTest.expectError(.fileError, mentioning: ["MNIST images", labels, "[n, rows, columns]", "[10000]"]) {
            _ = try MNIST.load(imagesPath: labels, labelsPath: labels)
        }
        try IOTest.withTemporaryDirectory { dir in
            try IDX.write(Tensor([1, 2]), toPath: dir + "/two-labels", as: .uint8)
            IOTest.expectError(.shapeMismatch, mentioning: ["10000 images", "2 labels"]) {
                _ = try MNIST.load(imagesPath: images, labelsPath: dir + "/two-labels")
            }
            try IDX.write(Tensor([1, 2]), toPath: dir + "/float-labels", as: .float32)
            IOTest.expectError(.fileError, mentioning: ["MNIST labels", "float32"]) {
                _ = try MNIST.load(imagesPath: images, labelsPath: dir + "/float-labels")
            }
            IOTest.expectError(.fileError, mentioning: [dir + "/missing", "no such file"]) {
                _ = try MNIST.load(imagesPath: dir + "/missing", labelsPath: labels)
            }
        }
    }
}

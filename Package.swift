// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "Synapse",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "Synapse", targets: ["Synapse"]),
        .executable(name: "synapse-demo", targets: ["SynapseDemo"]),
        .executable(name: "synapse-bench", targets: ["SynapseBench"]),
        .executable(name: "synapse", targets: ["SynapseCLI"]),
        // The TensorBoard callback, in a product of its own so that the core library does not depend on
        // swift-protobuf.
        .library(name: "SynapseTensorBoard", targets: ["SynapseTensorBoard"]),
        // Data-parallel training over Open MPI, apart so that the core library never needs MPI.
        .library(name: "SynapseDistributed", targets: ["SynapseDistributed"]),
        .executable(name: "synapse-distributed-example", targets: ["DistributedExample"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0"),
    ],
    targets: [
        // OpenBLAS on Linux; Apple platforms use Accelerate instead (see Kernels/BLAS.swift).
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // The system zlib, used to read gzip-compressed data sets.
        .systemLibrary(
            name: "CZlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // The optimizer update kernels in C: on x86-64 Linux each is compiled for AVX-512F, AVX2 and the
        // baseline, and the loader picks the widest the CPU has (see OptimizerKernels.c). No flags needed.
        .target(name: "CSynapseKernels"),
        .target(
            name: "Synapse",
            dependencies: [
                .target(name: "CBLAS", condition: .when(platforms: [.linux])),
                "CZlib",
                "CSynapseKernels",
            ]
        ),
        // Open MPI (Debian's libopenmpi-dev and openmpi-bin), and the C functions that return its
        // macros (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM…), which Swift cannot import.
        .systemLibrary(
            name: "COpenMPI",
            pkgConfig: "ompi-c",
            providers: [.apt(["libopenmpi-dev", "openmpi-bin"])]
        ),
        .target(name: "CMPIShim", dependencies: ["COpenMPI"]),
        .target(name: "SynapseDistributed", dependencies: ["Synapse", "COpenMPI", "CMPIShim"]),
        .executableTarget(name: "DistributedExample", dependencies: ["Synapse", "SynapseDistributed"],
                          path: "Examples/Distributed", exclude: ["README.md"]),
        .executableTarget(
            name: "SynapseBench",
            dependencies: ["Synapse", .target(name: "CBLAS", condition: .when(platforms: [.linux]))]
        ),
        .executableTarget(name: "SynapseDemo", dependencies: ["Synapse"]),
        // The `synapse` command. The target is not named `synapse`: that would collide with `Synapse`
        // on case-insensitive file systems.
        .executableTarget(
            name: "SynapseCLI",
            dependencies: ["Synapse", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Sources/synapse"
        ),
        // TensorBoard event files; the Swift code for the protobuf messages is generated once from
        // Protos/tensorboard.proto (scripts/generate_tensorboard_protos.sh) and committed.
        .target(
            name: "SynapseTensorBoard",
            dependencies: ["Synapse", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["Protos"]
        ),
        .executableTarget(name: "XOR", dependencies: ["Synapse"], path: "Examples/XOR", exclude: ["README.md"]),
        .executableTarget(name: "BinaryClassification", dependencies: ["Synapse"],
                          path: "Examples/BinaryClassification", exclude: ["README.md"]),
        .executableTarget(name: "MulticlassClassification", dependencies: ["Synapse"],
                          path: "Examples/MulticlassClassification", exclude: ["README.md"]),
        .executableTarget(name: "DecayingSGD", dependencies: ["Synapse"], path: "Examples/DecayingSGD", exclude: ["README.md"]),
        .executableTarget(name: "SavingAndLoading", dependencies: ["Synapse"],
                          path: "Examples/SavingAndLoading", exclude: ["README.md"]),
        .executableTarget(name: "CustomTrainingLoop", dependencies: ["Synapse"],
                          path: "Examples/CustomTrainingLoop", exclude: ["README.md"]),
        .executableTarget(name: "ResidualModel", dependencies: ["Synapse"],
                          path: "Examples/ResidualModel", exclude: ["README.md"]),
        .executableTarget(name: "CustomLayer", dependencies: ["Synapse"],
                          path: "Examples/CustomLayer", exclude: ["README.md"]),
        .executableTarget(name: "ConvolutionalMNIST", dependencies: ["Synapse"],
                          path: "Examples/ConvolutionalMNIST", exclude: ["README.md"]),
        .executableTarget(name: "SequenceClassification", dependencies: ["Synapse"],
                          path: "Examples/SequenceClassification", exclude: ["README.md"]),
        .executableTarget(name: "TensorBoardLogs", dependencies: ["Synapse", "SynapseTensorBoard"],
                          path: "Examples/TensorBoardLogs", exclude: ["README.md"]),
        .testTarget(name: "SynapseTensorBoardTests", dependencies: ["Synapse", "SynapseTensorBoard"]),
        .testTarget(
            name: "SynapseTests",
            dependencies: ["Synapse"],
            // Reference files the tests read from disk (located through #filePath), not resources.
            exclude: [
                "IO/Fixtures/reference.safetensors",
                "Layers/Fixtures",
                "Metrics/Fixtures",
                "Optimizers/Fixtures",
                "Saving/Fixtures",
            ]
        ),
        // Runs the built `synapse` binary end to end; depends on its target so that it is built first.
        .testTarget(name: "SynapseCLITests", dependencies: ["SynapseCLI", "SynapseTestSupport"]),
        // Runs the distributed example under mpirun; depends on its target so that it is built first.
        .testTarget(name: "SynapseDistributedTests", dependencies: ["DistributedExample", "SynapseTestSupport"]),
        // What the test targets that run built executables share (finding them).
        .target(name: "SynapseTestSupport", path: "Tests/SynapseTestSupport"),
    ],
    swiftLanguageModes: [.v6]
)

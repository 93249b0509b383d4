import ArgumentParser
import Synapse

/// `synapse inspect`: every tensor of a safetensors file with its dtype and shape, and the metadata.
struct InspectCommand: SynapseSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "List the tensors (name, dtype, shape) and the metadata of a .safetensors file.",
        discussion: "Works on any safetensors file Synapse can read, not only Synapse models."
    )

    @Argument(help: "The .safetensors file.")
    var file: String

    func execute() throws {
        let header = try SafeTensorsHeader.read(from: file)
        let total = header.tensors.reduce(0) { $0 + $1.elementCount }
        print("\(file): \(header.tensors.count) tensor\(header.tensors.count == 1 ? "" : "s"), \(total) values")
        let nameWidth = header.tensors.map(\.name.count).max() ?? 0
        for tensor in header.tensors {
            let name = tensor.name.padding(toLength: max(nameWidth, 4), withPad: " ", startingAt: 0)
            let dataType = tensor.dataType.padding(toLength: 5, withPad: " ", startingAt: 0)
            print("  \(name)  \(dataType)  \(tensor.shape)")
        }
        print("Metadata:")
        for key in header.metadata.keys.sorted() { print("  \(key): \(header.metadata[key]!)") }
    }
}

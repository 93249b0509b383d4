import ArgumentParser
import Synapse

/// A subcommand whose failures are reported as the ``SynapseError``'s message, with a non-zero exit.
protocol SynapseSubcommand: ParsableCommand {
    /// Does the subcommand's work; a thrown ``SynapseError`` becomes the printed error message.
    func execute() throws
}

extension SynapseSubcommand {
    func run() throws {
        do {
            try execute()
        } catch let error as SynapseError {
            throw CommandFailure(message: error.message)
        }
    }
}

/// An error printed as `Error: <message>` by the argument parser, which then exits with status 1.
struct CommandFailure: Error, CustomStringConvertible {
    /// What went wrong, naming the file, column or option involved.
    let message: String

    var description: String { message }
}

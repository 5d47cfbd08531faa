import ArgumentParser

struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "Prints one rule's documentation. (Not yet implemented.)")

    func run() throws {
        throw ValidationError("'explain' is not implemented yet")
    }
}

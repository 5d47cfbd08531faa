import ArgumentParser

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "parse", abstract: "Checks Python syntax like a compiler front end. (Not yet implemented.)")

    func run() throws {
        throw ValidationError("'parse' is not implemented yet")
    }
}

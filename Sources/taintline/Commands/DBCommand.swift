import ArgumentParser

struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "db", abstract: "Manages the local advisory database. (Not yet implemented.)")

    func run() throws {
        throw ValidationError("'db' is not implemented yet")
    }
}

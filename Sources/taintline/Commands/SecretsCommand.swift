import ArgumentParser

struct SecretsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "secrets", abstract: "Finds hard-coded credentials in files and git history. (Not yet implemented.)")

    func run() throws {
        throw ValidationError("'secrets' is not implemented yet")
    }
}

import ArgumentParser

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "Lists every rule. (Not yet implemented.)")

    func run() throws {
        throw ValidationError("'rules' is not implemented yet")
    }
}

import ArgumentParser

struct DepsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "deps", abstract: "Audits declared and locked dependencies against an advisory database. (Not yet implemented.)")

    func run() throws {
        throw ValidationError("'deps' is not implemented yet")
    }
}

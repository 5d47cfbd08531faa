import ArgumentParser

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "baseline", abstract: "Writes a baseline of current findings. (Not yet implemented.)")

    func run() throws {
        throw ValidationError("'baseline' is not implemented yet")
    }
}

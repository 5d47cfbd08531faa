import ArgumentParser

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "probe", abstract: "Checks a running web app from the outside. (Not yet implemented.)")

    func run() throws {
        throw ValidationError("'probe' is not implemented yet")
    }
}

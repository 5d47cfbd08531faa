import ArgumentParser

struct DumpASTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "dump-ast", abstract: "Prints CPython-compatible ast.dump output for each file. (Not yet implemented.)")

    func run() throws {
        throw ValidationError("'dump-ast' is not implemented yet")
    }
}

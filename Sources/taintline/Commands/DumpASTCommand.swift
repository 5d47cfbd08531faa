import ArgumentParser
import Foundation
import PythonSyntax

struct DumpASTCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dump-ast",
        abstract: "Prints CPython-compatible ast.dump output for each file.",
        discussion: """
        For each FILE prints a line `== FILE`, then one line that is exactly what CPython 3.11's \
        `ast.dump(ast.parse(source), include_attributes=...)` prints. Syntax newer than 3.11 is \
        printed with the newest CPython's node and field names. A file with a syntax error prints \
        `!! FILE: <message> (line L, column C)` instead; one that cannot be read or decoded prints \
        `!! FILE: <reason>`.

        Exit status: 0 when every file parsed, 1 when some did not.
        """)

    @Flag(name: .customLong("include-attributes"), help: "Also print lineno, col_offset, end_lineno and end_col_offset of every node.")
    var includeAttributes = false

    @Argument(help: "Python source files.")
    var files: [String]

    func validate() throws {
        if files.isEmpty { throw ValidationError("give at least one FILE") }
    }

    func run() throws {
        var failed = false
        let attrs = includeAttributes
        // Parse in parallel (big stacks), a chunk at a time so memory stays bounded; print in
        // the order given.
        let chunkSize = 32
        var index = 0
        while index < files.count {
            let chunk = Array(files[index..<min(files.count, index + chunkSize)])
            index += chunk.count
            let lines = SyntaxCheck.parallelMap(chunk, jobs: SyntaxCheck.processorCount) { path -> String in
                let result = SyntaxCheck.parseFile(path)
                if let (message, line) = result.readError {
                    return "!! \(path): \(message)" + (line.map { " (line \($0))" } ?? "") + "\n"
                }
                guard let tree = result.tree else { return "!! \(path): cannot be parsed\n" }
                if let e = tree.errors.first {
                    return "!! \(path): \(e.message) (line \(e.line), column \(e.column))\n"
                }
                return "== \(path)\n" + ASTDump.dump(tree, includeAttributes: attrs) + "\n"
            }
            for line in lines {
                if line.hasPrefix("!! ") { failed = true }
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        }
        if failed { throw ExitCode(1) }
    }
}

import ArgumentParser
import Foundation
import PythonSyntax

struct ParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parse",
        abstract: "Checks Python syntax like a compiler front end.",
        discussion: """
        Parses every PATH (a file, or a folder walked recursively for *.py files, hidden folders \
        skipped) with Taintline's Python parser (the 3.14 grammar) and prints each syntax error \
        as CPython does: file, line, the source line with a caret under the spot, and the \
        message. Files that cannot be read or decoded (bad PEP 263 coding cookie, invalid UTF-8) \
        are reported the same way.

        With --target-version 3.X, also reports syntax that Python 3.X does not have: walrus and \
        positional-only parameters (3.8), parenthesised context managers and relaxed decorators \
        (3.9), match (3.10), except* (3.11), type parameters, the type statement and PEP 701 \
        f-strings (3.12), type parameter defaults (3.13), t-strings and `except A, B:` (3.14).

        Exit status: 0 when every file is valid, 1 when some file has errors.
        """)

    @Argument(help: "Python files or folders.")
    var paths: [String]

    @Option(name: .customLong("target-version"), help: "Also report syntax newer than this Python version (3.8 ... 3.14).")
    var targetVersion: String?

    @Option(name: .shortAndLong, help: "Number of files parsed at once (default: all processors).")
    var jobs: Int?

    @Flag(name: .customLong("all-errors"), help: "Print every error found in a file, not only the first (CPython stops at the first).")
    var allErrors = false

    @Flag(name: .shortAndLong, help: "Print only the summary line.")
    var quiet = false

    func validate() throws {
        if paths.isEmpty { throw ValidationError("give at least one PATH") }
        if let t = targetVersion, TargetVersion.minor(from: t) == nil {
            throw ValidationError("--target-version: '\(t)' is not a Python version between 3.\(TargetVersion.supported.lowerBound) and 3.\(TargetVersion.supported.upperBound) (write it as 3.9)")
        }
        if let j = jobs, j < 1 { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let target = targetVersion.flatMap(TargetVersion.minor(from:))
        let files = SyntaxCheck.pythonFiles(in: paths)
        let started = Date()
        let reports = SyntaxCheck.parallelMap(files, jobs: jobs ?? SyntaxCheck.processorCount) { path -> (text: String, bytes: Int, bad: Bool) in
            let result = SyntaxCheck.parseFile(path)
            if let (message, line) = result.readError {
                var text = "  File \"\(path)\"" + (line.map { ", line \($0)" } ?? "") + "\n"
                text += "SyntaxError: \(message)\n"
                return (text, result.byteCount, true)
            }
            guard let tree = result.tree, let source = result.source else { return ("", result.byteCount, true) }
            var errors = tree.errors
            if errors.isEmpty, let target {
                errors = TargetVersion.check(tree, source: source, target: target)
            }
            if errors.isEmpty { return ("", result.byteCount, false) }
            let shown = allErrors ? errors : [errors[0]]
            let text = shown.map { SyntaxDiagnostics.format($0, path: path, source: source) }.joined()
            return (text, result.byteCount, true)
        }
        let elapsed = Date().timeIntervalSince(started)
        var failed = 0
        var bytes = 0
        for r in reports {
            bytes += r.bytes
            if r.bad { failed += 1 }
            if !quiet && !r.text.isEmpty { FileHandle.standardOutput.write(Data(r.text.utf8)) }
        }
        let mb = Double(bytes) / 1_000_000
        let summary = "\(files.count) file\(files.count == 1 ? "" : "s") checked ("
            + String(format: "%.1f MB in %.2f s", mb, elapsed) + "), \(failed) with errors\n"
        FileHandle.standardError.write(Data(summary.utf8))
        if failed > 0 { throw ExitCode(1) }
    }
}

import Foundation
import Testing
@testable import PythonSyntax

/// The CPython oracle: every .py file of the local python3's standard library (site-packages
/// excluded) is dumped by CPython's `ast` (one python3 process for all files) and by our parser
/// (in process, in parallel). Every file CPython accepts must dump identically, with positions;
/// every file CPython rejects must be rejected.
///
/// Runs when TAINTLINE_STDLIB_ORACLE is set (about a minute in a debug build;
/// TAINTLINE_STDLIB_ORACLE_OUT=FILE writes every mismatch to FILE); while the
/// parser still has known mismatches, `Scripts/oracle.sh` lists them.
@Test(.enabled(if: ProcessInfo.processInfo.environment["TAINTLINE_STDLIB_ORACLE"] != nil), .timeLimit(.minutes(10)))
func stdlibDumpsMatchCPython() throws {
    let python = ProcessInfo.processInfo.environment["TAINTLINE_TEST_PYTHON"] ?? "python3"
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Scripts/cpython_dump.py").path
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-oracle-\(getpid())").path
    defer { try? FileManager.default.removeItem(atPath: dir) }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = [python, script, dir, "--stdlib"]
    process.standardOutput = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    try #require(process.terminationStatus == 0, "\(python) \(script) failed")

    let list = try String(contentsOfFile: dir + "/files.txt", encoding: .utf8)
    let files = list.split(separator: "\n").map(String.init)
    try #require(files.count > 500, "expected the standard library, found \(files.count) files")

    enum Outcome: Sendable { case equal, rejectsAgreed, mismatch(String) }
    let indexed = Array(files.enumerated()).map { (index: $0.offset, path: $0.element) }
    let outcomes = SyntaxCheck.parallelMap(indexed, jobs: SyntaxCheck.processorCount) { item -> Outcome in
        let expected = FileManager.default.contents(atPath: "\(dir)/\(item.index).txt").map { [UInt8]($0) } ?? []
        let cpythonRejects = expected.starts(with: Array("!! ".utf8))
        let result = SyntaxCheck.parseFile(item.path)
        let ourError: String? = result.readError.map { $0.message } ?? result.errors.first.map { "\($0.message) (line \($0.line), column \($0.column))" }
        if cpythonRejects {
            if ourError != nil { return .rejectsAgreed }
            return .mismatch("\(item.path)\n  CPython rejects: \(String(decoding: expected.dropFirst(3), as: UTF8.self))\n  we accepted it")
        }
        if let ourError { return .mismatch("\(item.path)\n  CPython accepts it\n  we reject: \(ourError)") }
        guard let tree = result.tree else { return .mismatch("\(item.path): no tree") }
        let ours = Array(ASTDump.dump(tree, includeAttributes: true).utf8)
        if ours == expected { return .equal }
        return .mismatch("\(item.path)\n" + firstDifference(expected, ours))
    }
    var equal = 0, agreed = 0
    var mismatches: [String] = []
    for o in outcomes {
        switch o {
        case .equal: equal += 1
        case .rejectsAgreed: agreed += 1
        case .mismatch(let m): mismatches.append(m)
        }
    }
    let summary = "files: \(files.count), equal: \(equal), mismatches: \(mismatches.count), rejects agreed: \(agreed)"
    print("stdlib oracle: " + summary)
    // TAINTLINE_STDLIB_ORACLE_OUT=path keeps every mismatch (the expectation shows 50).
    if let out = ProcessInfo.processInfo.environment["TAINTLINE_STDLIB_ORACLE_OUT"] {
        try (summary + "\n" + mismatches.joined(separator: "\n") + "\n").write(toFile: out, atomically: true, encoding: .utf8)
    }
    #expect(mismatches.isEmpty, "\(summary)\n\(mismatches.prefix(50).joined(separator: "\n"))")
}

/// About 200 characters of context around the first differing byte of two dumps.
func firstDifference(_ a: [UInt8], _ b: [UInt8]) -> String {
    let n = min(a.count, b.count)
    var i = 0
    while i < n && a[i] == b[i] { i += 1 }
    func window(_ x: [UInt8]) -> String {
        let lo = max(0, i - 100)
        let hi = min(x.count, i + 100)
        return lo < hi ? String(decoding: x[lo..<hi], as: UTF8.self) : ""
    }
    return "  first difference at byte \(i)\n  cpython: \(window(a))\n  ours:    \(window(b))"
}

import Findings
import Foundation
import Reporting
import Testing
@testable import TaintlineKit

// Shapes whose cost once grew faster than their size (one module of 40,000 trivial functions took
// four times as long as one of 20,000). Each test scans a large instance of one shape and checks
// what the scan reports, so it cannot pass on a scan that gave up. The time limits only catch a
// hang (minutes, for a debug build on a busy machine); speed and scaling are measured by
// Benchmarks/scaling.sh, never by a test.

/// A scratch folder of generated files for one test, removed afterwards.
private func generated(_ files: [(String, String)], _ body: (String) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-scaling-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    for (name, text) in files {
        try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
    }
    try body(folder)
}

private func scanned(_ report: ScanReport) -> Int {
    report.files.filter { $0.status == .scanned(partial: false) }.count
}

/// An AWS access key id of the right shape, different for every `k`.
private func accessKey(_ k: Int) -> String {
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    var rest = k
    var body = ""
    for position in 0..<16 {
        body.append(alphabet[(rest * 7 + position * 13) % 32])
        rest /= 32
    }
    return "AKIA" + body
}

@Test(.timeLimit(.minutes(10))) func oneModuleOfManyFunctions() throws {
    let count = 20_000
    let text = (0..<count).map { "def f\($0)(a):\n    return a + \($0)\n" }.joined(separator: "\n")
    try generated([("many.py", text)]) { folder in
        let report = ScanPipeline.run(paths: [folder], options: ScanOptions())
        #expect(scanned(report) == 1)
        #expect(report.findings.isEmpty, "\(report.findings.prefix(3).map(\.ruleID))")
    }
}

@Test(.timeLimit(.minutes(10))) func oneFunctionOfManyStatements() throws {
    let count = 50_000
    let text = "def main(a):\n" + (0..<count).map { "    x\($0) = a + \($0)\n" }.joined() + "    return a\n"
    try generated([("long.py", text)]) { folder in
        let report = ScanPipeline.run(paths: [folder], options: ScanOptions())
        #expect(scanned(report) == 1)
        #expect(report.findings.isEmpty, "\(report.findings.prefix(3).map(\.ruleID))")
    }
}

/// Many findings in one file: merging, suppression spans, fingerprints made unique, and every
/// reporter over all of them.
@Test(.timeLimit(.minutes(10))) func oneFileOfManyFindings() throws {
    let count = 5_000
    let text = "import subprocess\n\ndef run(cmd):\n" + (0..<count).map { "    subprocess.call(cmd + '\($0)', shell=True)\n" }.joined()
    try generated([("shell.py", text)]) { folder in
        let report = ScanPipeline.run(paths: [folder], options: ScanOptions())
        // Every call, and the import of subprocess (TL-B404).
        #expect(report.findings.filter { $0.ruleID == "TL-B602" }.count == count)
        #expect(report.findings.map(\.ruleID).filter { $0 != "TL-B602" } == ["TL-B404"])
        #expect(Set(report.findings.map(\.fingerprint)).count == count + 1)
        #expect(TextReporter.render(report).contains("TL-B602"))
        #expect(JSONReporter.render(report).contains("TL-B602"))
        #expect(SARIFReporter.render(report).contains("TL-B602"))
        #expect(MarkdownReporter.render(report).contains("TL-B602"))
    }
}

@Test(.timeLimit(.minutes(10))) func oneFileOfManySecrets() throws {
    let count = 5_000
    let text = (0..<count).map { "AWS_KEY_\($0) = '\(accessKey($0))'\n" }.joined()
    try generated([("settings.py", text)]) { folder in
        let report = ScanPipeline.run(paths: [folder], options: ScanOptions())
        #expect(report.findings.count == count)
        #expect(report.findings.allSatisfy { $0.ruleID == "SECRET-AWS-ACCESS-KEY" })
        // Every reporter masks every key; the text view's frames are read from the file.
        let sources = SourceLines.load(for: report.findings, roots: report.roots)
        #expect(sources.count == 1)
        let text = TextReporter.render(report, options: TextReporter.Options(sources: sources))
        #expect(text.contains("SECRET-AWS-ACCESS-KEY") && !text.contains(accessKey(count - 1)))
        let json = JSONReporter.render(report)
        #expect(json.contains("SECRET-AWS-ACCESS-KEY") && !json.contains(accessKey(count - 1)))
    }
}

/// Many small modules that import each other's names: the project-wide index and call graph.
@Test(.timeLimit(.minutes(10))) func manySmallFiles() throws {
    let count = 3_000
    let files = (0..<count).map { k in
        ("m\(k).py", "import os\nfrom m\((k + 1) % count) import f\((k + 1) % count)\n\ndef f\(k)(a):\n    return os.path.join(a, '\(k)')\n")
    }
    try generated(files) { folder in
        let report = ScanPipeline.run(paths: [folder], options: ScanOptions())
        #expect(scanned(report) == count)
        #expect(report.findings.isEmpty, "\(report.findings.prefix(3).map(\.ruleID))")
    }
}

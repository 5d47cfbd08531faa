import Findings
import Foundation
import Reporting
import Testing
@testable import TaintlineKit

/// A scratch project for one test, removed afterwards.
private func project(_ files: [String: String], _ body: (String) throws -> Void) throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-pipeline-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: folder) }
    for (relative, text) in files {
        let path = folder + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }
    try body(folder)
}

private func scan(_ folder: String, _ analyses: Set<Analysis>) -> ScanReport {
    var options = ScanOptions()
    options.analyses = analyses
    return ScanPipeline.run(paths: [folder], options: options)
}

/// `scan` runs the secret scan over every text file, Python or not, and its suppressions work
/// in every file kind.
@Test func secretsAreFoundInEveryTextFileAndSuppressible() throws {
    let token = "sk_live_" + "4eC39HqLyjWDarjtT1zdp7dc"
    try project([
        "config/prod.yaml": "stripe_key: \(token)\nother: \(token)  # taintline: ignore[SECRET-STRIPE-KEY] test account\n",
        "notes.txt": "key \(token)  # pragma: allowlist secret\n",
        "image.png": "\u{0}\u{1}PNG\(token)",
    ]) { folder in
        let report = scan(folder, [.secrets])
        let found = report.findings.map { "\(($0.location.file as NSString).lastPathComponent):\($0.location.startLine)" }
        #expect(found == ["prod.yaml:1"], "\(found)")
        #expect(report.suppressed.count == 2)
        // Snippets are as written; reporters mask them with the findings' spans.
        #expect(report.findings.allSatisfy { ($0.snippet ?? "").contains(token) && $0.redactions.map(\.secret) == [token] })
        #expect(!SecretMasking.masked(report).findings.contains { $0.description.contains(token) || ($0.snippet ?? "").contains(token) })
        let png = report.files.first { $0.path.hasSuffix("image.png") }
        #expect(png?.status == .skipped(reason: "binary file"))
    }
}

/// A credential that a code rule reports (with the context of the code) is not reported a
/// second time by the secret scan on the same line.
@Test func credentialsInPythonAreReportedOnce() throws {
    try project(["app.py": "password = \"Xk9#mQ2$vL7@pR4!wN8&\"\n"]) { folder in
        let report = scan(folder, [.code, .secrets])
        #expect(report.findings.count == 1, "\(report.findings.map(\.ruleID))")
    }
}

/// Templates are checked as part of the code analysis; their `{# #}` comments suppress.
@Test func templatesAreCheckedAndSuppressible() throws {
    try project([
        "templates/a.html": "<p>{{ q|safe }}</p>\n<p>{{ r|safe }}</p>{# nosec #}\n",
    ]) { folder in
        let report = scan(folder, [.code])
        #expect(report.findings.map(\.ruleID) == ["TL-TPL-SAFE-FILTER"])
        #expect(report.findings.first?.location.startLine == 1)
        #expect(report.suppressed.count == 1)
        #expect(scan(folder, [.secrets]).findings.isEmpty)
    }
}

/// Project checks run once per scan root, on what the walk kept: `.gitignore` hides an `.env`.
@Test func projectChecksRespectGitignore() throws {
    try project([".env": "TOKEN=abc\n", "deploy/.env.production": "TOKEN=abc\n", ".gitignore": ".env\n"]) { folder in
        let report = scan(folder, [.project])
        #expect(report.findings.map(\.ruleID) == ["TL-PRJ-ENV-FILE"])
        #expect(report.findings.first?.location.file.hasSuffix("deploy/.env.production") == true)
    }
}

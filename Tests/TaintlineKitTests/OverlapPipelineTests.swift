import Findings
import Foundation
import Reporting
import Testing
@testable import TaintlineKit

/// One finding per problem through the real rules: the two examples, merged when both
/// rules fire on one defect and both kept when they are on different defects.
@Suite struct OverlapPipelineTests {
    static func scan(_ source: String, path: String = "app.py") throws -> ScanReport {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-overlap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent((path as NSString).deletingLastPathComponent), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try source.write(to: folder.appendingPathComponent(path), atomically: true, encoding: .utf8)
        var options = ScanOptions()
        options.analyses = [.code, .secrets]
        return ScanPipeline.run(paths: [folder.path], options: options)
    }

    @Test func secretKeyLiteralIsOneFinding() throws {
        let report = try Self.scan("INSTALLED_APPS = []\nSECRET_KEY = \"django-insecure-7x!k2@m9#q$w5e8r1t4y6u3i0o\"\n", path: "shop/settings.py")
        let onLine = report.findings.filter { $0.location.startLine == 2 }
        #expect(onLine.map(\.ruleID) == ["TL-WEB-HARDCODED-SECRET-KEY"], "\(report.findings.map(\.ruleIDs))")
        #expect(onLine.first?.covers.map(\.ruleID).contains("TL-B105") == true)
        // Different defects: a password literal elsewhere is B105's alone.
        let apart = try Self.scan("INSTALLED_APPS = []\nSECRET_KEY = \"django-insecure-7x!k2@m9#q$w5e8r1t4y6u3i0o\"\nADMIN_PASSWORD = \"Tr0ub4dor&3horse\"\n", path: "shop/settings.py")
        #expect(apart.findings.contains { $0.ruleID == "TL-B105" && $0.location.startLine == 3 }, "\(apart.findings.map(\.ruleIDs))")
    }

    @Test func md5OfAPasswordIsOneFinding() throws {
        let report = try Self.scan("import hashlib\ndef hash_password(password):\n    return hashlib.md5(password.encode()).hexdigest()\n")
        #expect(report.findings.map(\.ruleIDs) == [["TL-WEB-WEAK-PASSWORD-HASH", "TL-B324"]])
        let apart = try Self.scan("import hashlib\ndef hash_password(password, blob):\n    etag = hashlib.md5(blob).hexdigest()\n    return hashlib.sha256(password.encode()).hexdigest(), etag\n")
        #expect(apart.findings.contains { $0.ruleID == "TL-B324" && $0.covers.isEmpty }, "\(apart.findings.map(\.ruleIDs))")
        #expect(apart.findings.contains { $0.ruleID == "TL-WEB-WEAK-PASSWORD-HASH" && $0.covers.isEmpty })
        // `# nosec B324` on the merged finding's line silences the defect.
        let silenced = try Self.scan("import hashlib\ndef hash_password(password):\n    return hashlib.md5(password.encode()).hexdigest()  # nosec B324\n")
        #expect(silenced.findings.isEmpty && silenced.suppressed.count == 1)
    }

    /// Every rule id the overlap table names is a rule of the catalogue.
    @Test func overlapTableNamesKnownRules() {
        let known = Set(ScanPipeline.allRules.map(\.id))
        for row in FindingOverlaps.table {
            for side in [row.specific, row.covered] {
                if case let .id(id) = side { #expect(known.contains(id), "\(id)") }
            }
        }
    }

    @Test func progressLineAndWhenItIsShown() {
        #expect(TerminalProgress.line(ScanProgress(phase: "analysing files", done: 30, total: 120), color: false) == "taintline: analysing files 30/120 (25%)")
        #expect(TerminalProgress.line(ScanProgress(phase: "dependency audit"), color: true) == "\u{1B}[2mtaintline: dependency audit\u{1B}[0m")
        #expect(TerminalProgress.make(quiet: true, environment: [:], isTerminal: true) == nil)
        #expect(TerminalProgress.make(quiet: false, environment: [:], isTerminal: false) == nil, "never into redirected output")
        #expect(TerminalProgress.make(quiet: false, environment: [:], isTerminal: true) != nil)
        let lines = Lines()
        let progress = TerminalProgress(color: false, delay: 0) { lines.append($0) }
        progress.update(ScanProgress(phase: "analysing files", done: 0, total: 2))
        progress.update(ScanProgress(phase: "analysing files", done: 2, total: 2))
        progress.finish()
        #expect(lines.all == ["\r\u{1B}[Ktaintline: analysing files 0/2 (0%)", "\r\u{1B}[Ktaintline: analysing files 2/2 (100%)", "\r\u{1B}[K"])
    }

    /// The pipeline reports every file done to its progress callback.
    @Test func pipelineReportsProgress() throws {
        let seen = Lines()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-progress-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["a.py", "b.py", "c.py"] { try "x = 1\n".write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        var options = ScanOptions()
        options.analyses = [.code]
        options.progress = { seen.append(TerminalProgress.line($0, color: false)) }
        _ = ScanPipeline.run(paths: [folder.path], options: options)
        #expect(seen.all.contains("taintline: analysing files 3/3 (100%)"))
        #expect(seen.all.first == "taintline: finding files")
        #expect(seen.all.contains("taintline: project-wide rules"))
    }
}

final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.lock(); lines.append(line); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return lines }
}

import Findings
import Foundation
import Testing
@testable import TaintlineKit

/// Runs bandit (from PyPI, in the test venv) and Taintline on the same fixtures in the same test
/// run. Every bandit finding must be reported by Taintline on the same line under the same check
/// (bandit ids are rule aliases), or be listed, with its reason, as a documented false positive
/// of bandit's. A listed entry that Taintline does report is stale and fails too.
@Suite struct BanditParityTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/bandit-parity").path

    struct BanditResult: Hashable, CustomStringConvertible {
        var file: String
        var line: Int
        var testID: String
        var description: String { "\(file):\(line):\(testID)" }
    }

    static func runBandit() throws -> [BanditResult] {
        let python = ProcessInfo.processInfo.environment["TAINTLINE_TEST_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, "-m", "bandit", "-q", "-f", "json", "-r", fixtures]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard let json = try JSONSerialization.jsonObject(with: data) as? [String: Any], let results = json["results"] as? [[String: Any]] else {
            Issue.record("bandit did not run (install it: pip install --require-hashes -r Tests/Support/requirements.lock); exit \(process.terminationStatus)")
            return []
        }
        return results.compactMap { result in
            guard let file = result["filename"] as? String, let line = result["line_number"] as? Int, let id = result["test_id"] as? String else { return nil }
            return BanditResult(file: (file as NSString).lastPathComponent, line: line, testID: id)
        }
    }

    static func documentedFalsePositives() throws -> Set<String> {
        let text = try String(contentsOfFile: fixtures + "/bandit-false-positives.txt", encoding: .utf8)
        return Set(text.split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }.compactMap { $0.split(separator: " ").first.map(String.init) })
    }

    @Test func everyBanditFindingIsReportedOrADocumentedFalsePositive() throws {
        let bandit = try Self.runBandit()
        #expect(bandit.count > 20, "bandit found too little on the fixtures: \(bandit.count)")
        var options = ScanOptions()
        options.analyses = [.code]
        let report = ScanPipeline.run(paths: [Self.fixtures], options: options)
        let descriptors = Dictionary(ScanPipeline.allRules.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let documented = try Self.documentedFalsePositives()

        // A merged finding reports the rules it covers too.
        let everyFinding: [Finding] = report.findings.flatMap { (finding: Finding) -> [Finding] in [finding] + finding.covers }
        func reported(_ result: BanditResult) -> Bool {
            everyFinding.contains { finding in
                (finding.location.file as NSString).lastPathComponent == result.file
                    && finding.location.startLine <= result.line && result.line <= finding.location.endLine
                    && (descriptors[finding.ruleID]?.aliases.contains(result.testID) == true || finding.ruleID == "TL-" + result.testID)
            }
        }
        let missed = bandit.filter { !reported($0) }
        let undocumented = missed.filter { !documented.contains($0.description) }
        #expect(undocumented.isEmpty, "bandit findings Taintline misses without a documented reason: \(undocumented)")
        let stale = documented.subtracting(missed.map(\.description))
        #expect(stale.isEmpty, "documented false positives that are no longer missed (or no longer reported by bandit): \(stale)")
    }
}

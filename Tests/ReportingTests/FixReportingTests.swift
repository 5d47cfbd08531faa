import Findings
import Foundation
import Testing
@testable import Reporting

/// How reports show fixes: the text view's `[*]` and fix lines, JSON's edits, SARIF's `fixes`,
/// and the unified diff of `scan --diff`.
@Suite struct FixReportingTests {
    static func withFix(_ applicability: FixApplicability, line: Int) -> Finding {
        var finding = Fixtures.finding("TL-B506", file: "app.py", line: line, severity: .medium, owasp: .a08, cwe: 502)
        let start = TextPosition(offset: 10, line: line, column: 9), end = TextPosition(offset: 14, line: line, column: 13)
        finding.fix = Fix(message: "Use `yaml.safe_load`", applicability: applicability, edits: [TextEdit(start: start, end: end, replacement: "safe_load")])
        return finding
    }

    @Test func textMarksFindingsTheFixWouldApplyAndCountsTheRest() {
        let report = ScanReport(toolVersion: "0.1.0", roots: ["."], findings: [Self.withFix(.safe, line: 2), Self.withFix(.unsafe, line: 5),
                                                                                Fixtures.finding("TL-B602", line: 7)])
        let text = TextReporter.render(report)
        let headers = text.split(separator: "\n").filter { $0.hasPrefix("app.py:") }
        #expect(headers.count == 3)
        #expect(headers[0].contains("TL-B506 [Medium] [*] t"))
        #expect(!headers[1].contains("[*]") && !headers[2].contains("[*]"))
        #expect(text.contains("= autofix: Use `yaml.safe_load` (safe: --fix applies it)"))
        #expect(text.contains("= autofix: Use `yaml.safe_load` (unsafe: --fix --unsafe-fixes applies it)"))
        #expect(text.contains("  Fixable: [*] 1 with --fix, 1 more with --unsafe-fixes (--diff shows them)\n"))

        let unsafe = TextReporter.render(report, options: TextReporter.Options(unsafeFixes: true))
        #expect(unsafe.split(separator: "\n").filter { $0.contains("[*]") && $0.hasPrefix("app.py:") }.count == 2)
        #expect(unsafe.contains("  Fixable: [*] 2 with --fix --unsafe-fixes (--diff shows them)\n"))
    }

    @Test func textSummarySaysWhatTheFixesDidAndWhySomeWereRefused() {
        var report = ScanReport(toolVersion: "0.1.0", roots: ["."])
        report.fixes = FixSummary(written: true, applied: [
            FixSummary.Entry(ruleID: "TL-B506", file: "app.py", line: 2, message: "Use `yaml.safe_load`", applicability: .safe),
            FixSummary.Entry(ruleID: "TL-B113", file: "app.py", line: 5, message: "Add `timeout=30`", applicability: .unsafe),
        ], refused: [
            FixSummary.Entry(ruleID: "TL-B506", file: "old.py", line: 3, message: "Use `yaml.safe_load`", applicability: .safe,
                             reason: "the file is not UTF-8"),
        ], unsafeSkipped: 2, files: ["app.py"])
        let text = TextReporter.render(report)
        #expect(text.contains("""
          Fixes: 2 applied in 1 file (1 safe, 1 unsafe)
            2 unsafe fixes not applied: --unsafe-fixes
            refused 1:
              old.py:3 TL-B506 (Use `yaml.safe_load`): the file is not UTF-8

        """))
        report.fixes?.written = false
        #expect(TextReporter.fixLines(report).hasPrefix("  Fixes: 2 in the diff (not written) in 1 file"))
    }

    @Test func jsonCarriesTheEditsAndTheFixCounts() throws {
        let report = ScanReport(toolVersion: "0.1.0", roots: ["."], findings: [Self.withFix(.safe, line: 2), Fixtures.finding("TL-B602", line: 7)])
        let document = try #require(try JSONSerialization.jsonObject(with: Data(JSONReporter.render(report).utf8)) as? [String: Any])
        let findings = try #require(document["findings"] as? [[String: Any]])
        let fix = try #require(findings[0]["fix"] as? [String: Any])
        #expect(fix["applicability"] as? String == "safe")
        let edit = try #require((fix["edits"] as? [[String: Any]])?.first)
        #expect(edit["replacement"] as? String == "safe_load")
        #expect((edit["start"] as? [String: Any])?["offset"] as? Int == 10)
        #expect((edit["end"] as? [String: Any])?["column"] as? Int == 13)
        #expect(findings[1]["fix"] is NSNull)
        let fixable = try #require((document["summary"] as? [String: Any])?["fixable"] as? [String: Any])
        #expect(fixable["safe"] as? Int == 1 && fixable["unsafe"] as? Int == 0)
        #expect(document["fixes"] is NSNull)
    }

    /// SARIF 2.1.0 §3.55: a `fix` with one artifact change and a replacement per edit; an
    /// insertion is an empty region. (The schema test validates the fixture report, whose debug
    /// finding has a fix.)
    @Test func sarifResultsCarryFixes() throws {
        let sarif = SARIFReporter.render(Fixtures.report, options: SARIFReporter.Options(sourceRoot: "/work/my app"))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as? [String: Any])
        let results = try #require(((document["runs"] as? [[String: Any]])?.first?["results"]) as? [[String: Any]])
        let debug = try #require(results.first { $0["ruleId"] as? String == "TL-DEBUG" })
        let fix = try #require((debug["fixes"] as? [[String: Any]])?.first)
        #expect((fix["description"] as? [String: Any])?["text"] as? String == "Read debug mode from `FLASK_DEBUG`")
        #expect((fix["properties"] as? [String: Any])?["applicability"] as? String == "unsafe")
        let change = try #require((fix["artifactChanges"] as? [[String: Any]])?.first)
        #expect((change["artifactLocation"] as? [String: Any])?["uri"] as? String == "app/main.py")
        let replacements = try #require(change["replacements"] as? [[String: Any]])
        #expect(replacements.count == 2)
        let insertion = try #require(replacements[0]["deletedRegion"] as? [String: Int])
        #expect(insertion == ["startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 1])
        #expect((replacements[1]["insertedContent"] as? [String: Any])?["text"] as? String == "os.environ.get(\"FLASK_DEBUG\") == \"1\"")
        #expect(results.filter { $0["fixes"] != nil }.count == 1)
    }

    @Test func unifiedDiffHasHunksWithContext() {
        let before = (1...20).map { "line \($0)\n" }.joined()
        var lines = (1...20).map { "line \($0)\n" }
        lines[1] = "line two\n"
        lines.insert("inserted\n", at: 17)
        let after = lines.joined()
        let diff = UnifiedDiff.render(path: "src/app.py", before: Array(before.utf8), after: Array(after.utf8))
        #expect(diff == """
        --- a/src/app.py
        +++ b/src/app.py
        @@ -1,5 +1,5 @@
         line 1
        -line 2
        +line two
         line 3
         line 4
         line 5
        @@ -15,6 +15,7 @@
         line 15
         line 16
         line 17
        +inserted
         line 18
         line 19
         line 20

        """)
        #expect(UnifiedDiff.render(path: "a.py", before: Array(before.utf8), after: Array(before.utf8)).isEmpty)
    }

    @Test func unifiedDiffMarksAMissingFinalNewlineAndMasksSecrets() {
        let key = "sk_live_0123456789abcdefghij"
        let before = "KEY = \"\(key)\"\nx = yaml.load(s)"
        let after = "KEY = \"\(key)\"\nx = yaml.safe_load(s)"
        let span = RedactedSpan(line: 1, startColumn: 8, endColumn: 8 + key.count, secret: key)
        let diff = UnifiedDiff.render(path: "a.py", before: Array(before.utf8), after: Array(after.utf8), secrets: [span])
        #expect(!diff.contains(key))
        #expect(diff.hasSuffix("-x = yaml.load(s)\n\\ No newline at end of file\n+x = yaml.safe_load(s)\n\\ No newline at end of file\n"))
        #expect(diff.contains("@@ -1,2 +1,2 @@\n KEY = \"sk_l"))
    }
}

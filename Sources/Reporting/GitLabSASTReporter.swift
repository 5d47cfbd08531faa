import Findings
import Foundation

/// GitLab's SAST report (`gl-sast-report.json`, security report schema 15.0.0), which GitLab reads
/// from a job's `artifacts:reports:sast` to show findings in merge requests and the
/// vulnerability report.
///
/// One vulnerability per reported finding (suppressed and filtered findings are left out: the
/// format has no place for them), located by the file's path relative to the scan root, which
/// GitLab resolves against the project's root: scan from there. Findings at URLs (the probe) are
/// DAST, not SAST, and are left out with a scan message.
///
/// Each fix goes in the top-level `remediations` (the schema's place for them): its summary, the
/// vulnerability it fixes by id, and the change as a base64-encoded unified diff that `git apply`
/// takes at the project's root, made from the file's text as the scan read it. A diff that would
/// show a credential is left out unless `--show-secrets` (masked, it would not apply), as is one
/// whose file changed since the scan; a scan message counts them.
public enum GitLabSASTReporter {
    public static let schemaVersion = "15.0.0"
    public static let schemaURI = "https://gitlab.com/gitlab-org/security-products/security-report-schemas/-/raw/v15.0.0/dist/sast-report-format.json"

    public struct Options: Sendable {
        /// Absolute path of the scan root; file paths are written relative to it.
        public var sourceRoot: String?
        /// Print credentials in source extracts as written (`--show-secrets`); by default they are masked.
        public var showSecrets: Bool
        /// When the scan started and finished (the schema requires both).
        public var startTime: Date
        public var endTime: Date
        /// The texts of the files with fixes (`SourceLines.texts`), from which the remediations' diffs are made.
        public var texts: [String: [UInt8]]

        public init(sourceRoot: String? = nil, showSecrets: Bool = false, startTime: Date, endTime: Date, texts: [String: [UInt8]] = [:]) {
            self.sourceRoot = sourceRoot
            self.showSecrets = showSecrets
            self.startTime = startTime
            self.endTime = endTime
            self.texts = texts
        }
    }

    public static func render(_ report: ScanReport, options: Options) -> String {
        document(report, options: options).rendered()
    }

    /// `report` as scanned: credentials are masked here, and the remediations' diffs are checked
    /// against the masked ones.
    static func document(_ unmasked: ScanReport, options: Options) -> JSONValue {
        let report = options.showSecrets ? unmasked : SecretMasking.masked(unmasked)
        let findings = report.findings.sorted(by: Finding.reportOrder)
        let located = findings.filter { !$0.location.isURL }
        let fixes = remediations(unmasked.findings.filter { !$0.location.isURL }.sorted(by: Finding.reportOrder), options: options,
                                 secrets: options.showSecrets ? [:] : SecretMasking.spansByFile(unmasked))
        var messages: [JSONValue] = report.notices.map { message("warn", $0) }
        for file in report.failedFiles {
            if case let .failed(reason) = file.status { messages.append(message("warn", "\(file.path): \(reason)")) }
        }
        if located.count < findings.count {
            let left = findings.count - located.count
            messages.append(message("info", "\(left) finding\(left == 1 ? "" : "s") at URLs (taintline probe) left out: they are DAST results"))
        }
        if fixes.withheldForSecrets > 0 {
            let n = fixes.withheldForSecrets
            messages.append(message("info", "\(n) fix\(n == 1 ? "" : "es") left out of the remediations: the diff would show a credential (--show-secrets puts \(n == 1 ? "it" : "them") in)"))
        }
        if fixes.withheldForText > 0 {
            let n = fixes.withheldForText
            messages.append(message("info", "\(n) fix\(n == 1 ? "" : "es") left out of the remediations: the file could not be read, is outside the scan root, or changed since the scan"))
        }
        if let database = report.advisoryDatabase { messages.append(message("info", "advisory database: \(database.line)")) }
        let tool: JSONValue = .obj([
            ("id", .string("taintline")),
            ("name", .string("Taintline")),
            ("url", .string(ToolInfo.informationURI)),
            ("vendor", .obj([("name", .string("Taintline"))])),
            ("version", .string(report.toolVersion)),
        ])
        var scan: [(String, JSONValue)] = [
            ("analyzer", tool),
            ("scanner", tool),
            ("type", .string("sast")),
            ("start_time", .string(timestamp(options.startTime))),
            ("end_time", .string(timestamp(options.endTime))),
            ("status", .string("success")),
        ]
        if !messages.isEmpty { scan.append(("messages", .array(messages))) }
        var members: [(String, JSONValue)] = [
            ("version", .string(schemaVersion)),
            ("schema", .string(schemaURI)),
            ("scan", .obj(scan)),
            ("vulnerabilities", .array(located.map { vulnerability($0, options: options) })),
        ]
        if !fixes.remediations.isEmpty { members.append(("remediations", .array(fixes.remediations))) }
        return .obj(members)
    }

    /// One remediation per finding with a fix (`fixes` names it by its vulnerability id,
    /// `summary` says what the fix does and how safe it is, `diff` is the base64 of a unified
    /// diff with three lines of context, paths relative to the scan root), and how many were left out and why.
    static func remediations(_ findings: [Finding], options: Options, secrets: [String: [RedactedSpan]])
        -> (remediations: [JSONValue], withheldForSecrets: Int, withheldForText: Int) {
        var out: [JSONValue] = []
        var forSecrets = 0, forText = 0
        for finding in findings {
            guard let fix = finding.fix else { continue }
            guard let path = SARIFReporter.relativePath(finding.location.file, root: options.sourceRoot), !path.hasPrefix("/"),
                  let text = options.texts[finding.location.file],
                  let diff = FixDiff.render(finding, text: text, path: path, context: 3) else {
                forText += 1
                continue
            }
            // A masked line would not apply; a diff is written whole or not at all.
            if let spans = secrets[finding.location.file], !spans.isEmpty,
               FixDiff.render(finding, text: text, path: path, context: 3, secrets: spans) != diff {
                forSecrets += 1
                continue
            }
            let how = fix.applicability == .safe ? "safe fix: taintline scan --fix applies it"
                : "unsafe fix, it changes behaviour on purpose: taintline scan --fix --unsafe-fixes applies it"
            out.append(.obj([
                ("fixes", .array([.obj([("id", .string(uuid(finding.fingerprint)))])])),
                ("summary", .string("\(fix.message) (\(how))")),
                ("diff", .string(Data(diff.utf8).base64EncodedString())),
            ]))
        }
        return (out, forSecrets, forText)
    }

    static func message(_ level: String, _ text: String) -> JSONValue {
        .obj([("level", .string(level)), ("value", .string(text.isEmpty ? "(empty)" : text))])
    }

    static func vulnerability(_ finding: Finding, options: Options) -> JSONValue {
        var identifiers: [JSONValue] = [.obj([
            ("type", .string("taintline_rule_id")),
            ("name", .string("Taintline \(finding.ruleID)")),
            ("value", .string(finding.ruleID)),
        ])]
        identifiers.append(.obj([
            ("type", .string("cwe")),
            ("name", .string(finding.cwe.description)),
            ("value", .string(String(finding.cwe.number))),
            ("url", .string(finding.cwe.url)),
        ]))
        identifiers.append(.obj([
            ("type", .string("owasp")),
            ("name", .string(finding.owasp.rawValue)),
            ("value", .string(finding.owasp.code + ":2021")),
        ]))
        let path = SARIFReporter.relativePath(finding.location.file, root: options.sourceRoot) ?? finding.location.file
        var location: [(String, JSONValue)] = [("file", .string(path))]
        if finding.location.startLine >= 1 {
            location.append(("start_line", .int(finding.location.startLine)))
            location.append(("end_line", .int(max(finding.location.startLine, finding.location.endLine))))
        }
        if let scope = finding.location.enclosingScope { location.append(("method", .string(scope))) }
        var members: [(String, JSONValue)] = [
            ("id", .string(uuid(finding.fingerprint))),
            ("name", .string(limited(finding.title, 255))),
            ("description", .string(limited(description(finding), 1_048_576))),
            ("severity", .string(finding.severity.description)),
            ("solution", .string(limited(finding.remediation.isEmpty ? "See the rule's documentation: taintline explain \(finding.ruleID)" : finding.remediation, 7_000))),
            ("identifiers", .array(identifiers)),
        ]
        let links = finding.references.filter { $0.hasPrefix("http://") || $0.hasPrefix("https://") }
        if !links.isEmpty { members.append(("links", .array(links.map { .obj([("url", .string($0))]) }))) }
        members.append(("location", .obj(location)))
        if let snippet = finding.snippet, !snippet.isEmpty { members.append(("raw_source_code_extract", .string(snippet))) }
        return .obj(members)
    }

    /// The description, with the flow and the proof of concept when there are any (GitLab shows
    /// it as Markdown).
    static func description(_ finding: Finding) -> String {
        var text = finding.description.isEmpty ? finding.title : finding.description
        if !finding.steps.isEmpty {
            text += "\n\nPath:\n" + finding.steps.enumerated().map { "\($0.offset + 1). `\($0.element.location.file)` line \($0.element.location.startLine): \($0.element.message)" }
                .joined(separator: "\n")
        }
        if let poc = finding.proofOfConcept { text += "\n\nProof of concept:\n```\n\(poc)\n```" }
        return text
    }

    /// A stable UUID-shaped id from the finding's fingerprint (the schema recommends a UUID, and
    /// GitLab matches a finding across pipelines by it).
    static func uuid(_ fingerprint: String) -> String {
        let hex = SHA256.hex(Array(("taintline:" + fingerprint).utf8))
        let characters = Array(hex.prefix(32))
        let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32].map { String(characters[$0]) }
        return groups.joined(separator: "-")
    }

    static func limited(_ text: String, _ maximum: Int) -> String {
        text.count <= maximum ? text : String(text.prefix(maximum - 1)) + "…"
    }

    /// `yyyy-mm-ddThh:mm:ss` in UTC, as the schema requires (no zone suffix, no fraction).
    static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func pad(_ value: Int?, _ width: Int) -> String {
            let text = String(value ?? 0)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(parts.year, 4))-\(pad(parts.month, 2))-\(pad(parts.day, 2))T\(pad(parts.hour, 2)):\(pad(parts.minute, 2)):\(pad(parts.second, 2))"
    }
}

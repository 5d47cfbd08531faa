import Findings

/// SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.
///
/// File locations are relative to the scan root (`uriBaseId: "%SRCROOT%"`, whose absolute URI is
/// given in `originalUriBaseIds` when known), probe findings use their URL, and suppressed
/// findings are included with a `suppressions` entry so viewers can show them as dismissed.
///
/// The document keeps within GitHub code scanning's upload limits (`Limits.github`): past them
/// GitHub drops data itself, or rejects the file. What does not fit is left out here, lowest
/// severity first, and a run notification says how much.
public enum SARIFReporter {
    /// GitHub code scanning's limits on one SARIF file ("SARIF support for code scanning" and
    /// "SARIF results exceed limits" in GitHub's documentation): results per run (25,000 are
    /// accepted, only 5,000 kept), thread flow locations per result (10,000 accepted, 1,000
    /// kept), tags per rule (20 accepted, 10 kept), rules per run (25,000) and the upload size
    /// (10 MB, gzip-compressed by the upload action; measured here uncompressed, so with room to spare).
    public struct Limits: Sendable, Equatable {
        public var results: Int
        public var threadFlowLocations: Int
        public var tagsPerRule: Int
        public var rules: Int
        public var bytes: Int

        public init(results: Int, threadFlowLocations: Int, tagsPerRule: Int, rules: Int, bytes: Int) {
            self.results = results
            self.threadFlowLocations = threadFlowLocations
            self.tagsPerRule = tagsPerRule
            self.rules = rules
            self.bytes = bytes
        }

        /// The values GitHub keeps (its "display" limits where it has two).
        public static let github = Limits(results: 5_000, threadFlowLocations: 1_000, tagsPerRule: 10, rules: 25_000, bytes: 10_000_000)
    }

    /// What the limits left out of a document.
    public struct Omission: Sendable, Equatable {
        /// Results left out (lowest severity first), and how many there were in all.
        public var results: Int
        public var totalResults: Int
        /// Results whose code flow was shortened.
        public var shortenedFlows: Int

        /// The note written into the run and on standard error.
        public func note(_ limits: Limits) -> String {
            var parts: [String] = []
            if results > 0 {
                parts.append("\(results) of \(totalResults) results left out of the SARIF file (GitHub code scanning keeps \(limits.results) per run and files up to \(limits.bytes / 1_000_000) MB): the lowest in severity; --format json lists them all")
            }
            if shortenedFlows > 0 {
                parts.append("\(shortenedFlows) code flow\(shortenedFlows == 1 ? "" : "s") shortened to \(limits.threadFlowLocations) steps (the first ones and the sink)")
            }
            return parts.joined(separator: "; ")
        }
    }

    public struct Options: Sendable {
        /// Absolute path of the scan root, for `originalUriBaseIds`; `nil` leaves that out.
        public var sourceRoot: String?
        /// Print credentials in snippets as written (`--show-secrets`); by default they are masked.
        public var showSecrets: Bool

        /// Rules the user named (`--select TL-B602`): listed in `tool.driver.rules` even without a
        /// result, so a viewer shows that they ran. Other rules are listed only when they have results.
        public var requestedRules: Set<String>

        /// The upload limits to keep within.
        public var limits: Limits

        public init(sourceRoot: String? = nil, showSecrets: Bool = false, requestedRules: Set<String> = [], limits: Limits = .github) {
            self.sourceRoot = sourceRoot
            self.showSecrets = showSecrets
            self.requestedRules = requestedRules
            self.limits = limits
        }
    }

    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    /// The `partialFingerprints` key of Taintline's fingerprint (see `Fingerprint`).
    public static let fingerprintKey = "taintline/v1"
    public static let baseID = "%SRCROOT%"

    public static func render(_ report: ScanReport, options: Options = Options()) -> String {
        renderWithOmission(report, options: options).text
    }

    /// The document, and what the limits left out of it (`nil` when everything fits).
    public static func renderWithOmission(_ report: ScanReport, options: Options = Options()) -> (text: String, omission: Omission?) {
        let shown = options.showSecrets ? report : SecretMasking.masked(report)
        let entries = prioritized(shown)
        var keep = min(entries.count, options.limits.results)
        // Bounded: each pass keeps a smaller share, proportional to how far over the size it was.
        for _ in 0..<16 {
            let (value, omission) = document(shown, entries: entries, keep: keep, options: options)
            let text = value.rendered()
            if text.utf8.count <= options.limits.bytes || keep == 0 {
                return (text, omission)
            }
            let ratio = Double(options.limits.bytes) / Double(text.utf8.count)
            keep = min(keep - 1, max(0, Int(Double(keep) * ratio * 0.95)))
        }
        let (value, omission) = document(shown, entries: entries, keep: 0, options: options)
        return (value.rendered(), omission)
    }

    /// One result to write: a finding, with its suppression when it is suppressed.
    struct Entry {
        var finding: Finding
        var suppression: SuppressedFinding?
    }

    /// Every result the document can hold, most important first: reported before suppressed,
    /// then by severity, then confidence, then report order. Filtered findings are not results.
    static func prioritized(_ report: ScanReport) -> [Entry] {
        let kept = report.findings.sorted(by: Finding.reportOrder).map { Entry(finding: $0, suppression: nil) }
        let suppressed = report.suppressed
            .filter { !SuppressionMechanism.filters.contains($0.mechanism) }
            .sorted { Finding.reportOrder($0.finding, $1.finding) }
            .map { Entry(finding: $0.finding, suppression: $0) }
        return (kept + suppressed).enumerated().sorted { left, right in
            let a = left.element, b = right.element
            if (a.suppression == nil) != (b.suppression == nil) { return a.suppression == nil }
            if a.finding.severity != b.finding.severity { return a.finding.severity > b.finding.severity }
            if a.finding.confidence != b.finding.confidence { return a.finding.confidence > b.finding.confidence }
            return left.offset < right.offset
        }.map(\.element)
    }

    /// `security-severity` as GitHub reads it: a number from 0 to 10 in a string.
    public static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: return "9.5"
        case .high: return "8.0"
        case .medium: return "5.5"
        case .low: return "3.0"
        case .info: return "1.0"
        }
    }

    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: return "error"
        case .medium: return "warning"
        case .low, .info: return "note"
        }
    }

    /// The document holding the first `keep` of `entries`, written in report order (reported
    /// findings, then suppressed ones), and what was left out.
    static func document(_ report: ScanReport, entries: [Entry], keep: Int, options: Options) -> (JSONValue, Omission?) {
        let limits = options.limits
        let chosen = entries.prefix(keep)
        let kept = chosen.filter { $0.suppression == nil }.map(\.finding).sorted(by: Finding.reportOrder)
        let suppressed = chosen.compactMap(\.suppression).sorted { Finding.reportOrder($0.finding, $1.finding) }
        let rules = Array(ruleTable(report, findings: kept + suppressed.map(\.finding), requested: options.requestedRules).prefix(limits.rules))
        var index: [String: Int] = [:]
        for (position, rule) in rules.enumerated() where index[rule.id] == nil { index[rule.id] = position }

        var results = kept.map { result($0, ruleIndex: index[$0.ruleID] ?? 0, suppression: nil, options: options) }
        results += suppressed.map { result($0.finding, ruleIndex: index[$0.finding.ruleID] ?? 0, suppression: $0, options: options) }
        let shortened = chosen.filter { $0.finding.steps.count > limits.threadFlowLocations }.count
        let omission = keep < entries.count || shortened > 0
            ? Omission(results: entries.count - keep, totalResults: entries.count, shortenedFlows: shortened) : nil

        var run: [(String, JSONValue)] = [
            ("tool", .obj([("driver", .obj([
                ("name", .string("Taintline")),
                ("version", .string(report.toolVersion)),
                ("semanticVersion", .string(report.toolVersion)),
                ("informationUri", .string(ToolInfo.informationURI)),
                ("rules", .array(rules.map { ruleValue($0, tagLimit: limits.tagsPerRule) })),
            ]))])),
        ]
        if let root = options.sourceRoot {
            run.append(("originalUriBaseIds", .obj([(baseID, .obj([("uri", .string(directoryURI(root)))]))])))
        }
        run.append(("invocations", .array([invocation(report, options: options, omission: omission)])))
        run.append(("columnKind", .string("unicodeCodePoints")))
        run.append(("results", .array(results)))
        return (.obj([
            ("$schema", .string(schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array([.obj(run)])),
        ]), omission)
    }

    /// The descriptors of the rules that have results, that results cover (a merged finding names
    /// them) or that the user asked for, in id order; one made from the finding for any rule id
    /// that has no descriptor (so every result has a `ruleIndex`). A 5-finding report lists a
    /// handful of rules, not the whole catalogue.
    static func ruleTable(_ report: ScanReport, findings: [Finding], requested: Set<String> = []) -> [RuleDescriptor] {
        let wanted = Set(findings.flatMap(\.ruleIDs)).union(requested)
        var byID: [String: RuleDescriptor] = [:]
        for rule in report.rules where byID[rule.id] == nil && wanted.contains(rule.id) { byID[rule.id] = rule }
        for finding in findings where byID[finding.ruleID] == nil {
            byID[finding.ruleID] = RuleDescriptor(
                id: finding.ruleID, name: finding.ruleID.lowercased(), summary: finding.title, severity: finding.severity,
                confidence: finding.confidence, owasp: finding.owasp, cwe: finding.cwe, analysis: finding.analysis,
                documentation: "", references: finding.references)
        }
        return byID.values.sorted { $0.id < $1.id }
    }

    static func ruleValue(_ rule: RuleDescriptor, tagLimit: Int = Limits.github.tagsPerRule) -> JSONValue {
        let markdown = rule.documentation.isEmpty ? fallbackHelp(rule) : rule.documentation
        var members: [(String, JSONValue)] = [
            ("id", .string(rule.id)),
            ("name", .string(rule.name)),
            ("shortDescription", .obj([("text", .string(rule.summary))])),
            ("fullDescription", .obj([("text", .string(firstParagraph(rule.documentation) ?? rule.summary))])),
            ("help", .obj([("text", .string(markdown)), ("markdown", .string(markdown))])),
        ]
        if let uri = rule.references.first { members.append(("helpUri", .string(uri))) }
        members.append(("defaultConfiguration", .obj([("level", .string(level(rule.severity)))])))
        members.append(("properties", .obj([
            ("tags", .array(tags(rule).prefix(tagLimit).map(JSONValue.string))),
            ("security-severity", .string(securitySeverity(rule.severity))),
            ("precision", .string(precision(rule.confidence))),
            ("problem.severity", .string(level(rule.severity) == "note" ? "recommendation" : level(rule.severity))),
        ])))
        return .obj(members)
    }

    /// "security", the CWE in both spellings GitHub understands, and the OWASP category.
    static func tags(_ rule: RuleDescriptor) -> [String] {
        ["security", rule.cwe.description, "external/cwe/cwe-\(rule.cwe.number)", rule.owasp.rawValue,
         "external/owasp/owasp-\(rule.owasp.code.lowercased())"]
    }

    static func precision(_ confidence: Confidence) -> String {
        switch confidence {
        case .high: return "high"
        case .medium: return "medium"
        case .low: return "low"
        }
    }

    static func fallbackHelp(_ rule: RuleDescriptor) -> String {
        var text = rule.summary
        if !rule.references.isEmpty {
            text += "\n\n## References\n" + rule.references.map { "- <\($0)>" }.joined(separator: "\n")
        }
        return text
    }

    /// The first paragraph of prose in a rule's Markdown documentation (headings skipped).
    static func firstParagraph(_ markdown: String) -> String? {
        var paragraph: [String] = []
        for line in markdown.lines() {
            let trimmed = line.trimming(" \t\r")
            if trimmed.isEmpty || trimmed.hasPrefix("#") {
                if !paragraph.isEmpty { break }
                continue
            }
            paragraph.append(trimmed)
        }
        return paragraph.isEmpty ? nil : paragraph.joined(separator: " ")
    }

    static func result(_ finding: Finding, ruleIndex: Int, suppression: SuppressedFinding?, options: Options) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("ruleId", .string(finding.ruleID)),
            ("ruleIndex", .int(ruleIndex)),
            ("level", .string(level(finding.severity))),
            ("message", .obj([("text", .string(message(finding)))])),
            ("locations", .array([locationValue(finding, options: options)])),
            // Under Taintline's own key: `primaryLocationLineHash` is the upload action's, which
            // computes it from the source line and warns about any other value.
            ("partialFingerprints", .obj([(fingerprintKey, .string(finding.fingerprint))])),
        ]
        if !finding.steps.isEmpty {
            // SARIF 2.1.0 §3.36: a code flow with one thread flow, a location per step; a flow
            // longer than the limit keeps its first steps and its sink.
            let limit = max(2, options.limits.threadFlowLocations)
            let steps = finding.steps.count > limit ? Array(finding.steps.prefix(limit - 1)) + [finding.steps[finding.steps.count - 1]] : finding.steps
            let locations: [JSONValue] = steps.map { step in
                var region: [(String, JSONValue)] = [("startLine", .int(max(1, step.location.startLine)))]
                if step.location.startColumn > 1 { region.append(("startColumn", .int(step.location.startColumn))) }
                return .obj([("location", .obj([
                    ("physicalLocation", .obj([("artifactLocation", .obj(artifactValue(step.location, options: options))), ("region", .obj(region))])),
                    ("message", .obj([("text", .string(step.message))])),
                ]))])
            }
            members.append(("codeFlows", .array([.obj([("threadFlows", .array([.obj([("locations", .array(locations))])]))])])))
        }
        if let fix = finding.fix, !finding.location.isURL {
            members.append(("fixes", .array([fixValue(fix, location: finding.location, options: options)])))
        }
        if let suppression {
            var entry: [(String, JSONValue)] = [("kind", .string(SuppressionMechanism.sarifKind(suppression.mechanism)))]
            entry.append(("status", .string("accepted")))
            let justification = [suppression.mechanism, suppression.reason].compactMap { $0 }.joined(separator: ": ")
            entry.append(("justification", .string(justification)))
            members.append(("suppressions", .array([.obj(entry)])))
        }
        var properties: [(String, JSONValue)] = [
            ("severity", .string(finding.severity.description)),
            ("confidence", .string(finding.confidence.description)),
            ("owasp", .string(finding.owasp.rawValue)),
            ("cwe", .string(finding.cwe.description)),
            ("analysis", .string(finding.analysis.rawValue)),
            ("remediation", .string(finding.remediation)),
        ]
        if let poc = finding.proofOfConcept { properties.append(("proofOfConcept", .string(poc))) }
        if let fix = finding.fixSnippet { properties.append(("fixSnippet", .string(fix))) }
        if !finding.references.isEmpty { properties.append(("references", .array(finding.references.map(JSONValue.string)))) }
        if !finding.covers.isEmpty {
            // One result per problem: the rules merged into this one, with their fingerprints.
            properties.append(("covers", .array(finding.covers.map(JSONReporter.coveredValue))))
        }
        for (key, value) in finding.properties.sorted(by: { $0.key < $1.key }) where !properties.contains(where: { $0.0 == key }) {
            properties.append((key, .string(value)))
        }
        members.append(("properties", .obj(properties)))
        return .obj(members)
    }

    /// SARIF 2.1.0 §3.55 `fix`: one `artifactChange` for the finding's file, one `replacement` per
    /// edit (§3.57: the `deletedRegion` in lines and code-point columns, the run's `columnKind`; an
    /// insertion is an empty region; no `insertedContent` for a deletion). Whether it is safe is
    /// in its property bag, as Taintline's `applicability`.
    static func fixValue(_ fix: Fix, location: Location, options: Options) -> JSONValue {
        let replacements: [JSONValue] = fix.edits.map { edit in
            var members: [(String, JSONValue)] = [("deletedRegion", .obj([
                ("startLine", .int(edit.start.line)), ("startColumn", .int(edit.start.column)),
                ("endLine", .int(edit.end.line)), ("endColumn", .int(edit.end.column)),
            ]))]
            if !edit.replacement.isEmpty { members.append(("insertedContent", .obj([("text", .string(edit.replacement))]))) }
            return .obj(members)
        }
        return .obj([
            ("description", .obj([("text", .string(fix.message))])),
            ("artifactChanges", .array([.obj([
                ("artifactLocation", .obj(artifactValue(location, options: options))),
                ("replacements", .array(replacements)),
            ])])),
            ("properties", .obj([("applicability", .string(fix.applicability.rawValue))])),
        ])
    }

    static func message(_ finding: Finding) -> String {
        let description = finding.description.trimming(" \n\t")
        if description.isEmpty { return finding.title }
        return "\(finding.title): \(description)"
    }

    /// The `artifactLocation` of a file: relative to the source root when it is under it.
    static func artifactValue(_ location: Location, options: Options) -> [(String, JSONValue)] {
        if location.isURL { return [("uri", .string(location.file))] }
        if let relative = relativePath(location.file, root: options.sourceRoot) {
            return [("uri", .string(percentEncode(relative))), ("uriBaseId", .string(baseID))]
        }
        return [("uri", .string("file://" + percentEncode(location.file)))]
    }

    static func locationValue(_ finding: Finding, options: Options) -> JSONValue {
        let location = finding.location
        var physical: [(String, JSONValue)] = [("artifactLocation", .obj(artifactValue(location, options: options)))]
        if location.startLine >= 1 {
            var region: [(String, JSONValue)] = [("startLine", .int(location.startLine))]
            let hasColumns = location.endLine > location.startLine || location.endColumn > location.startColumn
            if hasColumns || location.startColumn > 1 { region.append(("startColumn", .int(max(1, location.startColumn)))) }
            region.append(("endLine", .int(max(location.endLine, location.startLine))))
            if hasColumns { region.append(("endColumn", .int(max(1, location.endColumn)))) }
            if let snippet = finding.snippet, !snippet.isEmpty { region.append(("snippet", .obj([("text", .string(snippet))]))) }
            physical.append(("region", .obj(region)))
        }
        var members: [(String, JSONValue)] = [("physicalLocation", .obj(physical))]
        if let scope = location.enclosingScope {
            members.append(("logicalLocations", .array([.obj([("fullyQualifiedName", .string(scope))])])))
        }
        return .obj(members)
    }

    /// The path relative to the scan root, or `nil` for an absolute path outside it.
    static func relativePath(_ path: String, root: String?) -> String? {
        var path = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        guard path.hasPrefix("/") else { return path }
        guard let root else { return nil }
        let base = root.hasSuffix("/") ? root : root + "/"
        return path.hasPrefix(base) ? String(path.dropFirst(base.count)) : nil
    }

    static func directoryURI(_ path: String) -> String {
        let absolute = path.hasSuffix("/") ? path : path + "/"
        return "file://" + percentEncode(absolute)
    }

    /// Percent-encodes a path for a URI reference: unreserved characters, `/` and a few safe
    /// sub-delimiters stay; everything else (spaces, `#`, `%`, `:`, non-ASCII) is encoded.
    static func percentEncode(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"),
                 UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")"),
                 UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "="), UInt8(ascii: "@"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out
    }

    static func invocation(_ report: ScanReport, options: Options, omission: Omission? = nil) -> JSONValue {
        var notifications: [JSONValue] = report.notices.map { notice in
            .obj([("level", .string("warning")), ("message", .obj([("text", .string(notice))]))])
        }
        if let omission {
            notifications.append(.obj([("level", .string("warning")), ("message", .obj([("text", .string(omission.note(options.limits)))]))]))
        }
        if let database = report.advisoryDatabase {
            notifications.append(.obj([("level", .string("note")), ("message", .obj([("text", .string("advisory database: \(database.line)"))]))]))
        }
        for file in report.failedFiles {
            guard case let .failed(reason) = file.status else { continue }
            var artifact: [(String, JSONValue)]
            if let relative = relativePath(file.path, root: options.sourceRoot) {
                artifact = [("uri", .string(percentEncode(relative))), ("uriBaseId", .string(baseID))]
            } else {
                artifact = [("uri", .string("file://" + percentEncode(file.path)))]
            }
            notifications.append(.obj([
                ("level", .string("error")),
                ("message", .obj([("text", .string("\(file.path): \(reason)"))])),
                ("locations", .array([.obj([("physicalLocation", .obj([("artifactLocation", .obj(artifact))]))])])),
            ]))
        }
        return .obj([
            ("executionSuccessful", .bool(true)),
            ("toolExecutionNotifications", .array(notifications)),
        ])
    }
}

extension StringProtocol {
    /// Trims the given characters from both ends (no Foundation needed).
    func trimming(_ set: String) -> String {
        let characters = Set(set)
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice.removeFirst() }
        while let last = slice.last, characters.contains(last) { slice.removeLast() }
        return String(slice)
    }
}

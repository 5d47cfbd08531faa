import Foundation

/// How bad a finding is if it is real. Ordered: `.info < .low < ... < .critical`.
public enum Severity: Int, Comparable, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case info = 0, low, medium, high, critical

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The capitalised name used in every report ("High").
    public var description: String {
        switch self {
        case .info: return "Info"
        case .low: return "Low"
        case .medium: return "Medium"
        case .high: return "High"
        case .critical: return "Critical"
        }
    }

    /// Parses a user-supplied name, case-insensitively ("high", "HIGH").
    public init?(name: String) {
        guard let match = Severity.allCases.first(where: { $0.description.lowercased() == name.lowercased() }) else { return nil }
        self = match
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Severity(name: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown severity \(text)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// How sure the analysis is that the finding is real.
public enum Confidence: Int, Comparable, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case low = 0, medium, high

    public static func < (lhs: Confidence, rhs: Confidence) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .low: return "Low"
        case .medium: return "Medium"
        case .high: return "High"
        }
    }

    public init?(name: String) {
        guard let match = Confidence.allCases.first(where: { $0.description.lowercased() == name.lowercased() }) else { return nil }
        self = match
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let value = Confidence(name: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown confidence \(text)"))
        }
        self = value
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// An OWASP Top 10 (2021) category.
public enum OWASPCategory: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case a01 = "A01:2021-Broken Access Control"
    case a02 = "A02:2021-Cryptographic Failures"
    case a03 = "A03:2021-Injection"
    case a04 = "A04:2021-Insecure Design"
    case a05 = "A05:2021-Security Misconfiguration"
    case a06 = "A06:2021-Vulnerable and Outdated Components"
    case a07 = "A07:2021-Identification and Authentication Failures"
    case a08 = "A08:2021-Software and Data Integrity Failures"
    case a09 = "A09:2021-Security Logging and Monitoring Failures"
    case a10 = "A10:2021-Server-Side Request Forgery"

    public var description: String { rawValue }

    /// The short code, "A03".
    public var code: String { String(rawValue.prefix(3)) }

    /// The CWEs OWASP maps to each category ("List of Mapped CWEs" of the Top 10 2021). A CWE
    /// is in one category, except CWE-259 (hard-coded password), which A02 and A07 both name.
    public static let mappedCWEs: [OWASPCategory: Set<Int>] = [
        .a01: [22, 23, 35, 59, 200, 201, 219, 264, 275, 276, 284, 285, 352, 359, 377, 402, 425, 441, 497, 538, 540, 548, 552, 566,
               601, 639, 651, 668, 706, 862, 863, 913, 922, 1275],
        .a02: [259, 261, 296, 310, 319, 321, 322, 323, 324, 325, 326, 327, 328, 329, 330, 331, 335, 336, 337, 338, 340, 347, 523, 720,
               757, 759, 760, 780, 818, 916],
        .a03: [20, 74, 75, 77, 78, 79, 80, 83, 87, 88, 89, 90, 91, 93, 94, 95, 96, 97, 98, 99, 100, 113, 116, 138, 184, 470, 471, 564,
               610, 643, 644, 652, 917],
        .a04: [73, 183, 209, 213, 235, 256, 257, 266, 269, 280, 311, 312, 313, 316, 419, 430, 434, 444, 451, 472, 501, 522, 525, 539,
               579, 598, 602, 642, 646, 650, 653, 656, 657, 799, 807, 840, 841, 927, 1021, 1173],
        .a05: [2, 11, 13, 15, 16, 260, 315, 520, 526, 537, 541, 547, 611, 614, 756, 776, 942, 1004, 1032, 1174],
        .a06: [937, 1035, 1104],
        .a07: [255, 259, 287, 288, 290, 294, 295, 297, 300, 302, 304, 306, 307, 346, 384, 521, 613, 620, 640, 798, 940, 1216],
        .a08: [345, 353, 426, 494, 502, 565, 784, 829, 830, 915],
        .a09: [117, 223, 532, 778],
        .a10: [918],
    ]

    /// The categories OWASP maps `cwe` to, in category order; empty for a CWE OWASP does not map.
    public static func categories(of cwe: CWE) -> [OWASPCategory] {
        allCases.filter { mappedCWEs[$0]?.contains(cwe.number) == true }
    }
}

/// A CWE weakness, written `CWE-89`.
public struct CWE: Hashable, Codable, Sendable, CustomStringConvertible {
    public let number: Int
    public init(_ number: Int) { self.number = number }
    public var description: String { "CWE-\(number)" }
    public var url: String { "https://cwe.mitre.org/data/definitions/\(number).html" }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard text.hasPrefix("CWE-"), let number = Int(text.dropFirst(4)) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "bad CWE \(text)"))
        }
        self.number = number
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// Where a finding is. Lines are 1-based; columns are 1-based character columns for display
/// (analyses convert from the parser's 0-based UTF-8 byte offsets).
public struct Location: Hashable, Codable, Sendable {
    /// Path as the user should see it: relative to the scan root where possible.
    public var file: String
    public var startLine: Int
    public var startColumn: Int
    public var endLine: Int
    public var endColumn: Int
    /// The enclosing function or class, qualified (`UserView.post`), when known.
    public var enclosingScope: String?

    public init(file: String, startLine: Int, startColumn: Int = 1, endLine: Int? = nil, endColumn: Int? = nil, enclosingScope: String? = nil) {
        self.file = file
        self.startLine = startLine
        self.startColumn = startColumn
        self.endLine = endLine ?? startLine
        self.endColumn = endColumn ?? startColumn
        self.enclosingScope = enclosingScope
    }

    /// Probe findings are located by URL rather than by file and line.
    public var isURL: Bool { file.contains("://") }
}

/// The kind of analysis that produced a finding.
public enum Analysis: String, Codable, Sendable, CaseIterable {
    case code, secrets, dependencies, probe, project
    /// Container and deploy files: Dockerfiles, Compose, Kubernetes, gunicorn/uWSGI, Procfiles.
    case deploy
}

/// One step of a flow finding's path: where the value was, and what happened there.
public struct FlowStep: Hashable, Codable, Sendable {
    public var location: Location
    /// The code at that step (`bar = lst[1]`), or what the step is (`request data read`).
    public var message: String

    public init(location: Location, message: String) {
        self.location = location
        self.message = message
    }
}

/// One security problem: a value, produced by an analysis and consumed by reporters,
/// suppressions and baselines.
extension Finding {
    /// A property naming the line where the reported value was built when that is not the
    /// finding's own line (`sql = "..." % x` on one line, `cursor.execute(sql)` on a later one): a
    /// suppression comment there (bandit's `# nosec` on the line it reports) applies too.
    public static let builtAtLineProperty = "builtAtLine"
}

public struct Finding: Hashable, Codable, Sendable {
    /// Rule or detector id, e.g. `TL-PY-B602` or `SECRET-AWS`.
    public var ruleID: String
    public var title: String
    public var severity: Severity
    public var confidence: Confidence
    public var owasp: OWASPCategory
    public var cwe: CWE
    public var location: Location
    /// What is wrong at this very place: names the call, the argument, the value.
    public var description: String
    /// The HTTP request (or other steps) that would exploit it, when known.
    public var proofOfConcept: String?
    /// The specific fix for this code.
    public var remediation: String
    /// A replacement snippet for the flagged code, when one is known.
    public var fixSnippet: String?
    public var references: [String]
    public var analysis: Analysis
    /// A stable identity that survives unrelated edits elsewhere in the file; see `Fingerprint`.
    public var fingerprint: String
    /// The source line(s) the finding points at, for code frames and fingerprints, as written:
    /// the credentials in it are listed in `redactions`, which reporters mask.
    public var snippet: String?
    /// Free-form extra facts (advisory ids, commit, redacted secret, ...), for JSON and SARIF.
    /// Never a whole secret.
    public var properties: [String: String]
    /// The credentials this finding is about (a secret, a hard-coded password or key), in file
    /// coordinates: every place output shows source masks them, unless the user asks for `--show-secrets`.
    public var redactions: [RedactedSpan]
    /// Findings of other rules about the same defect at the same place (bandit's generic `TL-B105`
    /// under the framework-specific `TL-WEB-HARDCODED-SECRET-KEY`), merged into this one so that a
    /// problem is reported once; kept whole so that suppressions, selections and baselines that name
    /// them still apply. Empty for most findings. See `FindingOverlaps` in Reporting.
    public var covers: [Finding] = []
    /// For a flow finding, the path the data took: the source first, then each step (an
    /// assignment, a container, a call into a helper), ending at the sink. Empty otherwise.
    public var steps: [FlowStep] = []
    /// The rule's mechanical fix for this occurrence (edits of this file), when it has one;
    /// `scan --fix` applies it, reports show it.
    public var fix: Fix? = nil

    public init(ruleID: String, title: String, severity: Severity, confidence: Confidence, owasp: OWASPCategory, cwe: CWE,
                location: Location, description: String, proofOfConcept: String? = nil, remediation: String,
                fixSnippet: String? = nil, references: [String] = [], analysis: Analysis = .code,
                fingerprint: String? = nil, snippet: String? = nil, properties: [String: String] = [:],
                redactions: [RedactedSpan] = []) {
        self.ruleID = ruleID
        self.title = title
        self.severity = severity
        self.confidence = confidence
        self.owasp = owasp
        self.cwe = cwe
        self.location = location
        self.description = description
        self.proofOfConcept = proofOfConcept
        self.remediation = remediation
        self.fixSnippet = fixSnippet
        self.references = references
        self.analysis = analysis
        self.snippet = snippet
        self.properties = properties
        self.redactions = redactions
        self.fingerprint = fingerprint ?? Fingerprint.make(ruleID: ruleID, file: location.file, scope: location.enclosingScope, snippet: snippet ?? "\(location.startLine)")
    }
}

extension Finding {
    /// This finding's rule id and those of the findings it covers, most specific first.
    public var ruleIDs: [String] { [ruleID] + covers.map(\.ruleID) }

    /// Orders findings for output: by file, then position, then rule id, so reports do not
    /// depend on scheduling.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.location.file != b.location.file { return a.location.file < b.location.file }
        if a.location.startLine != b.location.startLine { return a.location.startLine < b.location.startLine }
        if a.location.startColumn != b.location.startColumn { return a.location.startColumn < b.location.startColumn }
        return a.ruleID < b.ruleID
    }
}

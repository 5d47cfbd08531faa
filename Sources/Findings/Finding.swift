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
}

/// The kind of analysis that produced a finding.
public enum Analysis: String, Codable, Sendable, CaseIterable {
    case code, secrets, dependencies, probe, project
}

/// One security problem: a value, produced by an analysis and consumed by reporters,
/// suppressions and baselines.
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
    /// Orders findings for output: by file, then position, then rule id, so reports do not
    /// depend on scheduling.
    public static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        if a.location.file != b.location.file { return a.location.file < b.location.file }
        if a.location.startLine != b.location.startLine { return a.location.startLine < b.location.startLine }
        if a.location.startColumn != b.location.startColumn { return a.location.startColumn < b.location.startColumn }
        return a.ruleID < b.ruleID
    }
}

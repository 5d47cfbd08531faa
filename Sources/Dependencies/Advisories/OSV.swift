// The OSV advisory format (https://ossf.github.io/osv-schema/), read from YAML or JSON.
import Foundation
import Yams

/// A format-neutral tree of an OSV document: YAML and JSON both decode into it, scalars kept
/// as their source text (so `1.10` stays `1.10`, never the float 1.1).
enum OSVValue: Equatable {
    case string(String)
    case list([OSVValue])
    case map([String: OSVValue])
    case null

    subscript(key: String) -> OSVValue? {
        if case .map(let m) = self { return m[key] }
        return nil
    }
    var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }
    var list: [OSVValue] {
        if case .list(let l) = self { return l }
        return []
    }

    /// The purpose-built reader first (fast); Yams for what it does not support.
    static func fromYAML(_ text: String) throws -> OSVValue {
        if let value = try? OSVYAMLReader.parse(text) { return value }
        return try fromYAMLWithYams(text)
    }

    static func fromYAMLWithYams(_ text: String) throws -> OSVValue {
        guard let node = try Yams.compose(yaml: text) else { return .null }
        return convert(node)
    }

    private static func convert(_ node: Node) -> OSVValue {
        switch node {
        case .scalar(let scalar):
            if scalar.style == .plain && (scalar.string == "~" || scalar.string == "null" || scalar.string.isEmpty) { return .null }
            return .string(scalar.string)
        case .sequence(let seq):
            return .list(seq.map(convert))
        case .mapping(let mapping):
            var m: [String: OSVValue] = [:]
            for (k, v) in mapping { if let key = k.string { m[key] = convert(v) } }
            return .map(m)
        case .alias:
            return .null
        }
    }

    static func fromJSON(_ data: Data) throws -> OSVValue {
        convert(json: try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]))
    }

    private static func convert(json: Any) -> OSVValue {
        switch json {
        case let s as String: return .string(s)
        case let a as [Any]: return .list(a.map { convert(json: $0) })
        case let d as [String: Any]: return .map(d.mapValues { convert(json: $0) })
        case is NSNull: return .null
        case let n as NSNumber:
            #if canImport(Darwin)
            if CFGetTypeID(n) == CFBooleanGetTypeID() { return .string(n.boolValue ? "true" : "false") }
            #endif
            return .string(n.stringValue)
        default: return .null
        }
    }
}

/// One OSV range: its type and its events, in the order written.
public struct OSVRange: Hashable, Sendable {
    public enum Kind: String, Sendable { case ecosystem = "ECOSYSTEM", semver = "SEMVER", git = "GIT" }
    public enum Event: Hashable, Sendable {
        case introduced(String), fixed(String), lastAffected(String), limit(String)
        var text: String {
            switch self {
            case .introduced(let s), .fixed(let s), .lastAffected(let s), .limit(let s): return s
            }
        }
    }
    public let kind: Kind
    public let events: [Event]
    /// ECOSYSTEM events parsed once and sorted as OSV evaluates them ("0" first as nil, stable);
    /// unparsable event versions are dropped.
    let sortedEvents: [(version: Version?, event: Event)]

    public init(kind: Kind, events: [Event]) {
        self.kind = kind
        self.events = events
        sortedEvents = kind == .ecosystem ? OSVRange.sort(events, parse: { Version($0) }) : []
    }

    public static func == (a: OSVRange, b: OSVRange) -> Bool { a.kind == b.kind && a.events == b.events }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind); hasher.combine(events) }
}

/// What one advisory says about one package.
public struct OSVAffected: Hashable, Sendable {
    public var ecosystem: String
    /// PEP 503 normalised.
    public var name: String
    public var ranges: [OSVRange]
    public var versions: [String]
    /// `ecosystem_specific.severity` or `database_specific.severity` of this entry, if any.
    public var severityLabel: String?
    /// `versions` parsed once: PEP 440 ones, and the rest compared as raw text.
    let listedVersions: Set<Version>
    let listedRaw: Set<String>

    init(ecosystem: String, name: String, ranges: [OSVRange], versions: [String], severityLabel: String?) {
        self.ecosystem = ecosystem
        self.name = name
        self.ranges = ranges
        self.versions = versions
        self.severityLabel = severityLabel
        var parsed = Set<Version>(), raw = Set<String>()
        for text in versions { if let v = Version(text) { parsed.insert(v) } else { raw.insert(text) } }
        listedVersions = parsed
        listedRaw = raw
    }
}

/// One OSV advisory (PYSEC, GHSA, ...).
public struct Advisory: Hashable, Sendable {
    public var id: String
    public var aliases: [String]
    public var related: [String]
    public var summary: String?
    public var details: String?
    public var published: String?
    public var modified: String?
    public var withdrawn: String?
    /// `(type, score)` pairs: `("CVSS_V3", "CVSS:3.1/AV:N/...")`.
    public var severity: [[String]]
    /// `database_specific.severity` (GHSA: LOW, MODERATE, HIGH, CRITICAL).
    public var databaseSeverity: String?
    public var cweIDs: [Int]
    public var references: [String]
    public var affected: [OSVAffected]
    /// Where it was read from (file path, for messages).
    public var source: String

    /// Decodes an OSV document; throws with the reason when required fields are missing.
    static func decode(_ value: OSVValue, source: String) throws -> Advisory {
        guard let id = value["id"]?.string else { throw AdvisoryDatabaseError.malformed(path: source, reason: "no 'id'") }
        var affected: [OSVAffected] = []
        for entry in value["affected"]?.list ?? [] {
            let package = entry["package"]
            let ranges: [OSVRange] = (entry["ranges"]?.list ?? []).compactMap { range in
                guard let kind = range["type"]?.string.flatMap(OSVRange.Kind.init(rawValue:)) else { return nil }
                var events: [OSVRange.Event] = []
                for event in range["events"]?.list ?? [] {
                    if let v = event["introduced"]?.string { events.append(.introduced(v)) }
                    if let v = event["fixed"]?.string { events.append(.fixed(v)) }
                    if let v = event["last_affected"]?.string { events.append(.lastAffected(v)) }
                    if let v = event["limit"]?.string { events.append(.limit(v)) }
                }
                return OSVRange(kind: kind, events: events)
            }
            let label = entry["ecosystem_specific"]?["severity"]?.string ?? entry["database_specific"]?["severity"]?.string
            affected.append(OSVAffected(ecosystem: package?["ecosystem"]?.string ?? "",
                                        name: normalizePackageName(package?["name"]?.string ?? ""),
                                        ranges: ranges,
                                        versions: (entry["versions"]?.list ?? []).compactMap(\.string),
                                        severityLabel: label))
        }
        let cwes: [Int] = (value["database_specific"]?["cwe_ids"]?.list ?? []).compactMap { item in
            guard let text = item.string, text.uppercased().hasPrefix("CWE-") else { return nil }
            return Int(text.dropFirst(4))
        }
        return Advisory(
            id: id,
            aliases: (value["aliases"]?.list ?? []).compactMap(\.string),
            related: (value["related"]?.list ?? []).compactMap(\.string),
            summary: value["summary"]?.string,
            details: value["details"]?.string,
            published: value["published"]?.string,
            modified: value["modified"]?.string,
            withdrawn: value["withdrawn"]?.string,
            severity: (value["severity"]?.list ?? []).compactMap { s in
                guard let type = s["type"]?.string, let score = s["score"]?.string else { return nil }
                return [type, score]
            },
            databaseSeverity: value["database_specific"]?["severity"]?.string,
            cweIDs: cwes,
            references: (value["references"]?.list ?? []).compactMap { $0["url"]?.string },
            affected: affected,
            source: source)
    }

    /// A one-line summary: the advisory's `summary`, else the first sentence of `details`.
    public var oneLineSummary: String {
        if let summary, !summary.trimmingSpaces.isEmpty { return summary.trimmingSpaces }
        let details = (details ?? "").replacingOccurrences(of: "\n", with: " ").trimmingSpaces
        if details.isEmpty { return id }
        var sentence = details
        if let dot = details.range(of: ". ") { sentence = String(details[..<dot.lowerBound]) + "." }
        if sentence.count > 200 { sentence = String(sentence.prefix(197)) + "..." }
        return sentence
    }
}

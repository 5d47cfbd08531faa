import Findings
import Foundation

/// A saved set of accepted findings, identified by fingerprint: `--baseline FILE` reports only
/// findings that are not in it, so a team can adopt Taintline on an old code base and fail CI on
/// new problems only.
///
/// The file is JSON, one entry per finding with its rule id, file and a short title next to the
/// fingerprint, sorted, so it reads and diffs well in review:
/// ```json
/// { "version": 1, "tool": "taintline", "toolVersion": "0.1.0",
///   "findings": [ { "fingerprint": "…", "ruleId": "TL-B602", "file": "app.py", "title": "…" } ] }
/// ```
public struct Baseline: Equatable, Sendable {
    public struct Entry: Hashable, Sendable {
        public var fingerprint: String
        public var ruleID: String
        public var file: String
        public var title: String

        public init(fingerprint: String, ruleID: String, file: String, title: String) {
            self.fingerprint = fingerprint
            self.ruleID = ruleID
            self.file = file
            self.title = title
        }
    }

    public static let formatVersion = 1
    public var toolVersion: String
    public var entries: [Entry]

    public init(toolVersion: String = taintlineVersion, entries: [Entry]) {
        self.toolVersion = toolVersion
        self.entries = entries.sorted { ($0.file, $0.ruleID, $0.fingerprint) < ($1.file, $1.ruleID, $1.fingerprint) }
    }

    /// The baseline of a report's findings (those still reported, not those already suppressed).
    public init(report: ScanReport) {
        // A merged finding is saved with the fingerprints of the findings it covers, so the
        // baseline still holds it when a selection shows one of them on its own.
        self.init(toolVersion: report.toolVersion, entries: report.findings.flatMap { [$0] + $0.covers }.map {
            Entry(fingerprint: $0.fingerprint, ruleID: $0.ruleID, file: $0.location.file, title: Baseline.shortTitle($0.title))
        })
    }

    public var fingerprints: Set<String> { Set(entries.map(\.fingerprint)) }

    /// The file's bytes.
    public static func write(_ report: ScanReport) -> Data {
        Data(Baseline(report: report).rendered().utf8)
    }

    public func rendered() -> String {
        JSONValue.obj([
            ("version", .int(Baseline.formatVersion)),
            ("tool", .string("taintline")),
            ("toolVersion", .string(toolVersion)),
            ("findings", .array(entries.map { entry in
                .obj([
                    ("fingerprint", .string(entry.fingerprint)),
                    ("ruleId", .string(entry.ruleID)),
                    ("file", .string(entry.file)),
                    ("title", .string(entry.title)),
                ])
            })),
        ]).rendered()
    }

    /// Reads a baseline file; errors name the file and what is wrong with it.
    public static func load(path: String) throws -> Baseline {
        guard FileManager.default.fileExists(atPath: path) else { throw BaselineError(path: path, reason: "does not exist") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw BaselineError(path: path, reason: "cannot be read (\(describe(error)))")
        }
        return try parse(data, path: path)
    }

    public static func parse(_ data: Data, path: String) throws -> Baseline {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw BaselineError(path: path, reason: "is not valid JSON")
        }
        guard let root = object as? [String: Any] else { throw BaselineError(path: path, reason: "is not a JSON object") }
        guard let version = root["version"] as? Int else { throw BaselineError(path: path, reason: "has no \"version\"; is it a Taintline baseline?") }
        guard version == formatVersion else {
            throw BaselineError(path: path, reason: "has version \(version); this Taintline reads version \(formatVersion)")
        }
        guard let list = root["findings"] as? [Any] else { throw BaselineError(path: path, reason: "has no \"findings\" list") }
        var entries: [Entry] = []
        for (index, item) in list.enumerated() {
            guard let entry = item as? [String: Any], let fingerprint = entry["fingerprint"] as? String, !fingerprint.isEmpty else {
                throw BaselineError(path: path, reason: "findings[\(index)] has no \"fingerprint\" string")
            }
            entries.append(Entry(fingerprint: fingerprint, ruleID: entry["ruleId"] as? String ?? "", file: entry["file"] as? String ?? "",
                                 title: entry["title"] as? String ?? ""))
        }
        return Baseline(toolVersion: root["toolVersion"] as? String ?? "", entries: entries)
    }

    /// Moves findings whose fingerprint is in the baseline to `suppressed` (mechanism `baseline`);
    /// a merged finding whose own or covered finding's fingerprint is there (a baseline written
    /// before the rules were merged holds both).
    public func apply(to report: ScanReport) -> ScanReport {
        let known = fingerprints
        var copy = report
        copy.findings = []
        for finding in report.findings {
            if known.contains(finding.fingerprint) || finding.covers.contains(where: { known.contains($0.fingerprint) }) {
                copy.suppressed.append(SuppressedFinding(finding: finding, mechanism: SuppressionMechanism.baseline))
            } else {
                copy.findings.append(finding)
            }
        }
        return copy
    }

    static func shortTitle(_ title: String) -> String {
        let line = title.lines().first.map(String.init) ?? ""
        return line.count > 80 ? String(line.prefix(79)) + "…" : line
    }

    static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}

/// A baseline file that cannot be used.
public struct BaselineError: Error, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "baseline \(path) \(reason)" }
}

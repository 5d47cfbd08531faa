// The compact advisory snapshot Taintline carries, so the audit works with no download.
import Foundation

/// A compact, versioned copy of an OSV database holding only what matching and reports read.
///
/// The file is text, one record a line. The first line is `taintline-osv-snapshot 1`, a tab and a
/// JSON header (`name`, `date` of the newest advisory change, counts, licence). Every other line
/// is a normalised package name, a tab and one advisory as an OSV JSON document cut down to `id`,
/// `aliases`, `summary` (the one-line summary reports print), `published`, `modified`, `severity`,
/// `database_specific.severity` and `cwe_ids`, and the PyPI `affected` entries (package, ECOSYSTEM
/// and SEMVER ranges, `versions`, severity label). Withdrawn advisories and GIT ranges, which the
/// audit ignores, are left out; `details` and `references` too (findings link to osv.dev). Lines
/// are sorted by package, then id; an advisory naming two packages is written under each.
/// Opening reads the file and indexes line offsets; a line is decoded when its package is asked for.
public enum AdvisorySnapshot {
    public static let magic = "taintline-osv-snapshot"
    public static let formatVersion = 1
    /// The file name of the built-in snapshot (a resource of the Dependencies module).
    public static let fileName = "osv-pypi-snapshot.tsv"

    /// What the header line says.
    public struct Header: Sendable, Equatable {
        public var name: String?
        public var date: String?
        public var advisories: Int
        public var packages: Int
    }

    /// The built-in snapshot, found relative to the running executable: SwiftPM's resource bundle
    /// beside it (`swift run`, `swift test`, a copied `.build/release` folder), or
    /// `../share/taintline/` (the pip wheel installs the binary in `bin/` and the data in `share/`).
    public static var builtInPath: String? {
        guard let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() else { return nil }
        let folder = executable.deletingLastPathComponent()
        let candidates = [
            "Taintline_Dependencies.resources/\(fileName)",
            "Taintline_Dependencies.bundle/\(fileName)",
            "Taintline_Dependencies.bundle/Contents/Resources/\(fileName)",
            "../share/taintline/\(fileName)",
        ].map { folder.appendingPathComponent($0).standardizedFileURL.path }
        return candidates.first { FileManager.default.fileExists(atPath: $0) }
    }

    /// Reads `path` if it is a snapshot (nil when it is some other file, such as a zip).
    static func open(path: String) throws -> (data: Data, header: Header, lines: [String: [Range<Int>]])? {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw AdvisoryDatabaseError.missing(path: path) }
        let prefix = handle.readData(ofLength: magic.utf8.count + 1)
        try? handle.close()
        guard prefix == Data((magic + " ").utf8) else { return nil }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path), options: .alwaysMapped) } catch {
            throw AdvisoryDatabaseError.malformed(path: path, reason: "unreadable: \(error.localizedDescription)")
        }
        var lines: [String: [Range<Int>]] = [:]
        var header: Header?
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            var start = 0
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                var tab = start
                while tab < end && bytes[tab] != 0x09 { tab += 1 }
                if tab < end {
                    let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<tab]), as: UTF8.self)
                    if header == nil {
                        header = try parseHeader(key: key, json: data[(tab + 1)..<end], path: path)
                    } else {
                        lines[key, default: []].append((tab + 1)..<end)
                    }
                }
                start = end + 1
            }
        }
        guard let header else { throw AdvisoryDatabaseError.malformed(path: path, reason: "no header line") }
        return (data, header, lines)
    }

    static func parseHeader(key: String, json: Data, path: String) throws -> Header {
        guard key == "\(magic) \(formatVersion)" else {
            throw AdvisoryDatabaseError.malformed(path: path, reason: "snapshot format '\(key)' is not '\(magic) \(formatVersion)': rebuild it with this version of Taintline")
        }
        guard let object = try? JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw AdvisoryDatabaseError.malformed(path: path, reason: "the header is not a JSON object")
        }
        return Header(name: object["name"] as? String, date: object["date"] as? String,
                      advisories: (object["advisories"] as? NSNumber)?.intValue ?? 0, packages: (object["packages"] as? NSNumber)?.intValue ?? 0)
    }

    /// Decodes one advisory line.
    static func load(_ json: Data, source: String) throws -> Advisory {
        let value: OSVValue
        do { value = try OSVValue.fromJSON(json) } catch {
            throw AdvisoryDatabaseError.malformed(path: source, reason: "\(error)")
        }
        return try Advisory.decode(value, source: source)
    }

    /// The snapshot of every live PyPI advisory in `database`, as the file's text. Fails when an
    /// advisory file cannot be parsed, so a snapshot never silently misses one.
    public static func build(from database: AdvisoryDatabase, name: String?) throws -> (text: String, header: Header) {
        let names = database.packageNames
        var perPackage = [[Advisory]](repeating: [], count: names.count)
        perPackage.withUnsafeMutableBufferPointer { buffer in
            guard let out = buffer.baseAddress else { return }
            DispatchQueue.concurrentPerform(iterations: names.count) { k in
                out[k] = database.advisories(for: names[k]).filter { $0.withdrawn == nil }.sorted { $0.id < $1.id }
            }
        }
        if let problem = database.problems.sorted().first {
            throw DependencyAuditError("cannot build a snapshot: \(problem)")
        }
        var body = ""
        var ids = Set<String>()
        var newest = ""
        var packages = 0
        for (k, package) in names.enumerated() where !perPackage[k].isEmpty {
            packages += 1
            for advisory in perPackage[k] {
                ids.insert(advisory.id)
                if let modified = advisory.modified, modified > newest { newest = modified }
                body += package + "\t" + (try encode(advisory)) + "\n"
            }
        }
        let header = Header(name: name, date: newest.isEmpty ? nil : String(newest.prefix(10)), advisories: ids.count, packages: packages)
        var fields: [String: Any] = ["advisories": header.advisories, "packages": header.packages,
                                     "license": "advisory data CC-BY-4.0, from the Python Packaging Authority's advisory database and OSV (osv.dev)"]
        if let name = header.name { fields["name"] = name }
        if let date = header.date { fields["date"] = date }
        let headerJSON = String(decoding: try JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        return ("\(magic) \(formatVersion)\t\(headerJSON)\n" + body, header)
    }

    /// One advisory as a compact OSV JSON document (keys sorted, so the output is reproducible).
    static func encode(_ advisory: Advisory) throws -> String {
        var object: [String: Any] = ["id": advisory.id, "summary": advisory.oneLineSummary]
        if !advisory.aliases.isEmpty { object["aliases"] = advisory.aliases }
        if let published = advisory.published { object["published"] = published }
        if let modified = advisory.modified { object["modified"] = modified }
        if !advisory.severity.isEmpty { object["severity"] = advisory.severity.map { ["type": $0[0], "score": $0[1]] } }
        var specific: [String: Any] = [:]
        if let label = advisory.databaseSeverity { specific["severity"] = label }
        if !advisory.cweIDs.isEmpty { specific["cwe_ids"] = advisory.cweIDs.map { "CWE-\($0)" } }
        if !specific.isEmpty { object["database_specific"] = specific }
        object["affected"] = advisory.affected.filter { $0.ecosystem.hasPrefix("PyPI") }.map { entry -> [String: Any] in
            var out: [String: Any] = ["package": ["ecosystem": entry.ecosystem, "name": entry.name]]
            let ranges = entry.ranges.filter { $0.kind != .git }
            if !ranges.isEmpty {
                out["ranges"] = ranges.map { range -> [String: Any] in
                    ["type": range.kind.rawValue, "events": range.events.map { event -> [String: String] in
                        switch event {
                        case .introduced(let v): return ["introduced": v]
                        case .fixed(let v): return ["fixed": v]
                        case .lastAffected(let v): return ["last_affected": v]
                        case .limit(let v): return ["limit": v]
                        }
                    }]
                }
            }
            if !entry.versions.isEmpty { out["versions"] = entry.versions }
            if let label = entry.severityLabel { out["ecosystem_specific"] = ["severity": label] }
            return out
        }
        let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self)
    }
}

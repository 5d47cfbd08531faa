// An offline OSV advisory database: a directory of YAML/JSON files or an osv.dev zip export.
import Findings
import Foundation

/// Problems with the advisory database, in words the user can act on.
public enum AdvisoryDatabaseError: Error, CustomStringConvertible, Equatable {
    case missing(path: String)
    case notADatabase(path: String)
    case unzipFailed(path: String, reason: String)
    case malformed(path: String, reason: String)

    public var description: String {
        switch self {
        case .missing(let path):
            return "no advisory database at \(path): run 'taintline db update' (downloads the PyPI advisories from osv.dev) or pass --db DIR|ZIP"
        case .notADatabase(let path):
            return "\(path) holds no OSV advisories (expected *.json or *.yaml files, or vulns/<package>/*.yaml)"
        case .unzipFailed(let path, let reason):
            return "could not unzip \(path): \(reason)"
        case .malformed(let path, let reason):
            return "malformed advisory \(path): \(reason)"
        }
    }
}

/// An OSV database on disk, opened lazily: opening only lists file names; an advisory file is
/// parsed the first time a package it covers is looked up.
///
/// Three layouts are understood. The PyPA advisory-database layout (`vulns/<package>/*.yaml`) is
/// indexed by directory name. A flat directory (the osv.dev export, `PYSEC-*.json`, `GHSA-*.json`)
/// is indexed by `taintline-index.tsv` when present (written by `taintline db update`), else by
/// parsing every file once. A snapshot file (`AdvisorySnapshot`, the built-in database) is
/// indexed by the package name that starts each of its lines.
public final class AdvisoryDatabase: @unchecked Sendable {
    public let path: String
    /// What the database says about itself (`taintline-db.json`, or a snapshot's header).
    public let name: String?
    /// The date of its newest advisory change (`YYYY-MM-DD`), when recorded.
    public let date: String?
    /// Where one advisory is stored: a file, or a byte range of a snapshot's lines.
    private enum Entry {
        case file(String)
        case line(Range<Int>)
        var key: String {
            switch self {
            case .file(let path): return path
            case .line(let range): return "#\(range.lowerBound)"
            }
        }
    }
    /// package (normalised) → advisories.
    private let index: [String: [Entry]]
    /// The bytes of a snapshot file (empty for folders).
    private let snapshot: Data
    private var cache: [String: [Advisory]] = [:]
    private var parsedFiles: [String: Advisory] = [:]
    private let lock = NSLock()
    /// Files that could not be parsed, with the reason (reported as notices, never fatal).
    public private(set) var problems: [String] = []

    public static let indexFileName = "taintline-index.tsv"
    /// Name and date of a folder database, written by `taintline db update`.
    public static let metadataFileName = "taintline-db.json"

    /// Opens `path`: a directory, a snapshot file, or a `.zip` export (unzipped into `cacheRoot` first).
    public init(path: String, cacheRoot: String? = nil) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw AdvisoryDatabaseError.missing(path: path) }
        if !isDir.boolValue, let opened = try AdvisorySnapshot.open(path: path) {
            self.path = path
            snapshot = opened.data
            name = opened.header.name
            date = opened.header.date
            index = opened.lines.mapValues { $0.map(Entry.line) }
            guard !index.isEmpty else { throw AdvisoryDatabaseError.notADatabase(path: path) }
            return
        }
        var root = path
        if !isDir.boolValue {
            root = try AdvisoryDatabase.unzipped(path, cacheRoot: cacheRoot ?? AdvisoryDatabase.defaultCacheDirectory)
        }
        self.path = root
        snapshot = Data()
        let metadata = AdvisoryDatabase.readMetadata(root: root)
        name = metadata?["name"]
        date = metadata?["date"]
        var built: [String: [Entry]] = [:]
        let fm = FileManager.default
        let vulns = (root as NSString).appendingPathComponent("vulns")
        var vulnsIsDir: ObjCBool = false
        if fm.fileExists(atPath: vulns, isDirectory: &vulnsIsDir), vulnsIsDir.boolValue {
            for dir in (try? fm.contentsOfDirectory(atPath: vulns)) ?? [] {
                let dirPath = (vulns as NSString).appendingPathComponent(dir)
                let files = ((try? fm.contentsOfDirectory(atPath: dirPath)) ?? []).filter(AdvisoryDatabase.isAdvisoryFile).sorted()
                if !files.isEmpty { built[normalizePackageName(dir), default: []] += files.map { .file((dirPath as NSString).appendingPathComponent($0)) } }
            }
        } else if let text = try? String(contentsOfFile: (root as NSString).appendingPathComponent(AdvisoryDatabase.indexFileName), encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "\t")
                guard parts.count == 2 else { continue }
                built[String(parts[0]), default: []].append(.file((root as NSString).appendingPathComponent(String(parts[1]))))
            }
        } else {
            let files = ((try? fm.contentsOfDirectory(atPath: root)) ?? []).filter(AdvisoryDatabase.isAdvisoryFile).sorted()
            let (entries, problems, _) = AdvisoryDatabase.buildIndex(root: root, files: files)
            for (name, file) in entries { built[name, default: []].append(.file((root as NSString).appendingPathComponent(file))) }
            self.problems = problems
        }
        guard !built.isEmpty else { throw AdvisoryDatabaseError.notADatabase(path: path) }
        index = built
    }

    /// `taintline-db.json` of a folder: string members only (`name`, `date`, `source`, `downloaded`).
    static func readMetadata(root: String) -> [String: String]? {
        guard let data = FileManager.default.contents(atPath: (root as NSString).appendingPathComponent(metadataFileName)),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
        return object.compactMapValues { $0 as? String }
    }

    /// What reports say about this database, given why it was chosen.
    public func info(origin: String) -> AdvisoryDatabaseInfo {
        AdvisoryDatabaseInfo(origin: origin, path: path, name: name, date: date)
    }

    /// Every package the database has advisories for (normalised names), sorted.
    public var packageNames: [String] { index.keys.sorted() }

    static func isAdvisoryFile(_ name: String) -> Bool {
        name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".json")
    }

    /// The advisories (withdrawn ones included; callers skip them) that name `package` in PyPI.
    public func advisories(for package: String) -> [Advisory] {
        let name = normalizePackageName(package)
        lock.lock()
        if let hit = cache[name] { lock.unlock(); return hit }
        lock.unlock()
        var result: [Advisory] = []
        var newProblems: [String] = []
        for entry in index[name] ?? [] {
            lock.lock()
            let known = parsedFiles[entry.key]
            lock.unlock()
            if let known {
                result.append(known)
                continue
            }
            do {
                let advisory: Advisory
                switch entry {
                case .file(let file): advisory = try AdvisoryDatabase.load(file: file)
                case .line(let range): advisory = try AdvisorySnapshot.load(snapshot[range], source: path)
                }
                lock.lock(); parsedFiles[entry.key] = advisory; lock.unlock()
                result.append(advisory)
            } catch {
                newProblems.append("\(error)")
            }
        }
        result = result.filter { $0.affected.contains { $0.name == name && $0.ecosystem.hasPrefix("PyPI") } }
        lock.lock()
        cache[name] = result
        problems += newProblems
        lock.unlock()
        return result
    }

    /// Parses one advisory file (YAML or JSON by extension).
    static func load(file: String) throws -> Advisory {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw AdvisoryDatabaseError.malformed(path: file, reason: "unreadable")
        }
        let value: OSVValue
        do {
            if file.hasSuffix(".json") {
                value = try OSVValue.fromJSON(data)
            } else {
                value = try OSVValue.fromYAML(String(decoding: data, as: UTF8.self))
            }
        } catch {
            throw AdvisoryDatabaseError.malformed(path: file, reason: "\(error)")
        }
        return try Advisory.decode(value, source: file)
    }

    /// Parses every file once (in parallel) to learn which packages each covers, and the newest
    /// `modified` date among them.
    static func buildIndex(root: String, files: [String]) -> (entries: [(String, String)], problems: [String], newest: String?) {
        var perFile = [[String]?](repeating: nil, count: files.count)
        var modified = [String?](repeating: nil, count: files.count)
        var errors = [String?](repeating: nil, count: files.count)
        perFile.withUnsafeMutableBufferPointer { names in
            errors.withUnsafeMutableBufferPointer { errs in
                modified.withUnsafeMutableBufferPointer { dates in
                    let namesBase = names.baseAddress!, errsBase = errs.baseAddress!, datesBase = dates.baseAddress!
                    DispatchQueue.concurrentPerform(iterations: files.count) { k in
                        do {
                            let advisory = try load(file: (root as NSString).appendingPathComponent(files[k]))
                            namesBase[k] = Array(Set(advisory.affected.filter { $0.ecosystem.hasPrefix("PyPI") }.map(\.name))).sorted()
                            datesBase[k] = advisory.modified
                        } catch {
                            errsBase[k] = "\(error)"
                        }
                    }
                }
            }
        }
        var entries: [(String, String)] = []
        for (k, names) in perFile.enumerated() { for name in names ?? [] { entries.append((name, files[k])) } }
        return (entries, errors.compactMap { $0 }, modified.compactMap { $0 }.max().map { String($0.prefix(10)) })
    }

    /// Writes `taintline-index.tsv` for a flat directory so later opens stay lazy, and
    /// `taintline-db.json` with the date of the newest advisory change (and `metadata`).
    static func writeIndex(root: String, metadata: [String: String] = [:]) throws -> Int {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter(isAdvisoryFile).sorted()
        let (entries, _, newest) = buildIndex(root: root, files: files)
        let text = entries.map { "\($0.0)\t\($0.1)\n" }.joined()
        try text.write(toFile: (root as NSString).appendingPathComponent(indexFileName), atomically: true, encoding: .utf8)
        var described = metadata
        if let newest { described["date"] = newest }
        let json = try JSONSerialization.data(withJSONObject: described, options: [.sortedKeys, .withoutEscapingSlashes])
        try json.write(to: URL(fileURLWithPath: (root as NSString).appendingPathComponent(metadataFileName)))
        return files.count
    }

    /// `$XDG_CACHE_HOME/taintline` or `~/.cache/taintline`.
    public static var defaultCacheDirectory: String {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return (xdg as NSString).appendingPathComponent("taintline") }
        let home = env["HOME"] ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".cache/taintline")
    }

    /// The database `taintline db update` fills: `<cache>/osv-pypi`.
    public static var defaultPath: String { (defaultCacheDirectory as NSString).appendingPathComponent("osv-pypi") }

    /// Which database an audit reads: `--db` when given, else the user's cache when
    /// `taintline db update` has filled it, else the snapshot built into Taintline. Nil when none
    /// exists (the error then names the cache path).
    public static func locate(explicit: String?, cache: String = defaultPath, builtIn: String? = AdvisorySnapshot.builtInPath) -> (path: String, origin: String)? {
        if let explicit { return (explicit, "--db") }
        if FileManager.default.fileExists(atPath: cache) { return (cache, "cache") }
        if let builtIn, FileManager.default.fileExists(atPath: builtIn) { return (builtIn, "built-in") }
        return nil
    }

    /// Extracts a zip export once into the cache (keyed by the zip's path, size and date) and returns the folder.
    static func unzipped(_ zip: String, cacheRoot: String) throws -> String {
        let attributes = try? FileManager.default.attributesOfItem(atPath: zip)
        let size = (attributes?[.size] as? NSNumber)?.intValue ?? 0
        let date = (attributes?[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        let absolute = URL(fileURLWithPath: zip).standardizedFileURL.path
        let key = Fingerprint.hex(Fingerprint.fnv1a64("\(absolute)|\(size)|\(date)"))
        let target = (cacheRoot as NSString).appendingPathComponent("unzipped/\(key)")
        if FileManager.default.fileExists(atPath: (target as NSString).appendingPathComponent(indexFileName)) { return target }
        try extract(zip: zip, into: target)
        _ = try writeIndex(root: target, metadata: ["name": "osv.dev export \((zip as NSString).lastPathComponent)"])
        return target
    }

    /// Runs `/usr/bin/unzip -q -o ZIP -d DIR` into a fresh folder.
    static func extract(zip: String, into target: String) throws {
        let fm = FileManager.default
        try? fm.removeItem(atPath: target)
        do { try fm.createDirectory(atPath: target, withIntermediateDirectories: true) } catch {
            throw AdvisoryDatabaseError.unzipFailed(path: zip, reason: "cannot create \(target): \(error.localizedDescription)")
        }
        let unzip = ["/usr/bin/unzip", "/bin/unzip"].first { fm.isExecutableFile(atPath: $0) }
        guard let unzip else { throw AdvisoryDatabaseError.unzipFailed(path: zip, reason: "no unzip program (install the 'unzip' package)") }
        let outcome: ExternalTool.Outcome
        do { outcome = try ExternalTool.run(unzip, ["-q", "-o", zip, "-d", target]) } catch {
            throw AdvisoryDatabaseError.unzipFailed(path: zip, reason: error.localizedDescription)
        }
        guard outcome.status == 0 else {
            try? fm.removeItem(atPath: target)
            throw AdvisoryDatabaseError.unzipFailed(path: zip, reason: outcome.message)
        }
    }
}

/// Runs a helper program (unzip, curl) and collects its exit status and error output.
enum ExternalTool {
    struct Outcome {
        var status: Int32
        var stderr: String
        /// The tool's own words, or its status when it printed nothing.
        var message: String { stderr.isEmpty ? "exited with status \(status)" : stderr }
    }

    static func run(_ executable: String, _ arguments: [String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let errPipe = Pipe()
        process.standardError = errPipe
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let errData = errPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stderr: String(decoding: errData, as: UTF8.self).trimmingSpaces)
    }
}

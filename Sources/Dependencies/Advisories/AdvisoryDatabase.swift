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
/// Two layouts are understood. The PyPA advisory-database layout (`vulns/<package>/*.yaml`) is
/// indexed by directory name. A flat directory (the osv.dev export, `PYSEC-*.json`, `GHSA-*.json`)
/// is indexed by `taintline-index.tsv` when present (written by `taintline db update`), else by
/// parsing every file once.
public final class AdvisoryDatabase: @unchecked Sendable {
    public let path: String
    /// package (normalised) → advisory files.
    private let index: [String: [String]]
    private var cache: [String: [Advisory]] = [:]
    private var parsedFiles: [String: Advisory] = [:]
    private let lock = NSLock()
    /// Files that could not be parsed, with the reason (reported as notices, never fatal).
    public private(set) var problems: [String] = []

    public static let indexFileName = "taintline-index.tsv"

    /// Opens `path`: a directory, or a `.zip` export (unzipped into `cacheRoot` first).
    public init(path: String, cacheRoot: String? = nil) throws {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw AdvisoryDatabaseError.missing(path: path) }
        var root = path
        if !isDir.boolValue {
            root = try AdvisoryDatabase.unzipped(path, cacheRoot: cacheRoot ?? AdvisoryDatabase.defaultCacheDirectory)
        }
        self.path = root
        var built: [String: [String]] = [:]
        let fm = FileManager.default
        let vulns = (root as NSString).appendingPathComponent("vulns")
        var vulnsIsDir: ObjCBool = false
        if fm.fileExists(atPath: vulns, isDirectory: &vulnsIsDir), vulnsIsDir.boolValue {
            for dir in (try? fm.contentsOfDirectory(atPath: vulns)) ?? [] {
                let dirPath = (vulns as NSString).appendingPathComponent(dir)
                let files = ((try? fm.contentsOfDirectory(atPath: dirPath)) ?? []).filter(AdvisoryDatabase.isAdvisoryFile).sorted()
                if !files.isEmpty { built[normalizePackageName(dir), default: []] += files.map { (dirPath as NSString).appendingPathComponent($0) } }
            }
        } else if let text = try? String(contentsOfFile: (root as NSString).appendingPathComponent(AdvisoryDatabase.indexFileName), encoding: .utf8) {
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: "\t")
                guard parts.count == 2 else { continue }
                built[String(parts[0]), default: []].append((root as NSString).appendingPathComponent(String(parts[1])))
            }
        } else {
            let files = ((try? fm.contentsOfDirectory(atPath: root)) ?? []).filter(AdvisoryDatabase.isAdvisoryFile).sorted()
            let (entries, problems) = AdvisoryDatabase.buildIndex(root: root, files: files)
            for (name, file) in entries { built[name, default: []].append((root as NSString).appendingPathComponent(file)) }
            self.problems = problems
        }
        guard !built.isEmpty else { throw AdvisoryDatabaseError.notADatabase(path: path) }
        index = built
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
        for file in index[name] ?? [] {
            lock.lock()
            let known = parsedFiles[file]
            lock.unlock()
            if let known {
                result.append(known)
                continue
            }
            do {
                let advisory = try AdvisoryDatabase.load(file: file)
                lock.lock(); parsedFiles[file] = advisory; lock.unlock()
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

    /// Parses every file once (in parallel) to learn which packages each covers.
    static func buildIndex(root: String, files: [String]) -> (entries: [(String, String)], problems: [String]) {
        var perFile = [[String]?](repeating: nil, count: files.count)
        var errors = [String?](repeating: nil, count: files.count)
        perFile.withUnsafeMutableBufferPointer { names in
            errors.withUnsafeMutableBufferPointer { errs in
                let namesBase = names.baseAddress!, errsBase = errs.baseAddress!
                DispatchQueue.concurrentPerform(iterations: files.count) { k in
                    do {
                        let advisory = try load(file: (root as NSString).appendingPathComponent(files[k]))
                        namesBase[k] = Array(Set(advisory.affected.filter { $0.ecosystem.hasPrefix("PyPI") }.map(\.name))).sorted()
                    } catch {
                        errsBase[k] = "\(error)"
                    }
                }
            }
        }
        var entries: [(String, String)] = []
        for (k, names) in perFile.enumerated() { for name in names ?? [] { entries.append((name, files[k])) } }
        return (entries, errors.compactMap { $0 })
    }

    /// Writes `taintline-index.tsv` for a flat directory so later opens stay lazy.
    static func writeIndex(root: String) throws -> Int {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).filter(isAdvisoryFile).sorted()
        let (entries, _) = buildIndex(root: root, files: files)
        let text = entries.map { "\($0.0)\t\($0.1)\n" }.joined()
        try text.write(toFile: (root as NSString).appendingPathComponent(indexFileName), atomically: true, encoding: .utf8)
        return files.count
    }

    /// `$XDG_CACHE_HOME/taintline` or `~/.cache/taintline`.
    public static var defaultCacheDirectory: String {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return (xdg as NSString).appendingPathComponent("taintline") }
        let home = env["HOME"] ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".cache/taintline")
    }

    /// The database `deps` uses when no `--db` is given: `<cache>/osv-pypi`.
    public static var defaultPath: String { (defaultCacheDirectory as NSString).appendingPathComponent("osv-pypi") }

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
        _ = try writeIndex(root: target)
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

// The dependency audit: find manifests, read them, match against advisories, report findings.
import Findings
import Foundation

/// What the user can set for a dependency audit (`taintline deps` options; `scan` passes its own).
public struct DependencyAuditOptions: Sendable {
    /// The OSV database (`--db`: directory, zip or snapshot); nil means the user cache when
    /// `taintline db update` filled it, else the built-in snapshot (`AdvisoryDatabase.locate`).
    public var databasePath: String?
    /// The user cache (nil: `AdvisoryDatabase.defaultPath`); tests point it elsewhere.
    public var cacheDatabasePath: String?
    /// The built-in snapshot (nil: `AdvisorySnapshot.builtInPath`); tests point it elsewhere.
    public var builtInDatabasePath: String?
    /// Today, for the age of the database (injected by tests).
    public var now: Date
    /// Whether a missing database is an error (`deps`) or a notice (`scan`, which goes on with hygiene checks).
    public var requireDatabase: Bool
    /// Target interpreter for markers (`3.11`, `3.11.4`).
    public var pythonVersion: String
    /// Target platform for markers (`linux`, `darwin`, `windows`).
    public var platform: String
    /// A virtualenv (or site-packages) whose installed distributions are audited too.
    public var pythonEnvironment: String?
    /// Rewrite vulnerable pins in requirements files to the fixing versions.
    public var fix: Bool
    /// A library, not an application: no unpinned/no-lock/no-hash findings.
    public var library: Bool
    /// Cache folder for unzipped exports (defaults to the user cache).
    public var cacheDirectory: String?

    public init(databasePath: String? = nil, requireDatabase: Bool = true, pythonVersion: String = "3.12", platform: String = "linux",
                pythonEnvironment: String? = nil, fix: Bool = false, library: Bool = false, cacheDirectory: String? = nil,
                cacheDatabasePath: String? = nil, builtInDatabasePath: String? = nil, now: Date = Date()) {
        self.databasePath = databasePath
        self.cacheDatabasePath = cacheDatabasePath
        self.builtInDatabasePath = builtInDatabasePath
        self.now = now
        self.requireDatabase = requireDatabase
        self.pythonVersion = pythonVersion
        self.platform = platform
        self.pythonEnvironment = pythonEnvironment
        self.fix = fix
        self.library = library
        self.cacheDirectory = cacheDirectory
    }
}

/// Errors that stop the audit (bad options, missing database when required).
public struct DependencyAuditError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// What one audit found, read and used.
public struct DependencyAuditResult: Sendable {
    public var findings: [Finding]
    public var files: [FileOutcome]
    public var notices: [String]
    /// The advisory database matched against (nil when nothing needed one or none was found).
    public var database: AdvisoryDatabaseInfo?
}

/// The entry point `taintline deps` and `taintline scan` call.
public enum DependencyAudit {
    /// A database whose newest advisory is older than this many days gets a warning.
    public static let maximumAgeDays = 30

    /// The warning for a database older than `maximumAgeDays` on `now`, if it is.
    public static func ageWarning(_ info: AdvisoryDatabaseInfo, now: Date) -> String? {
        guard let age = info.ageInDays(now: now), age > maximumAgeDays, let date = info.date else { return nil }
        return "the advisory database is \(age) days old (dated \(date)): advisories published since then are not checked; run 'taintline db update' to refresh it"
    }

    /// Audits the project at `root` (a folder, or one manifest file).
    /// Whether a file name is one the audit reads (requirements, pyproject, lock files, ...), so
    /// `scan` audits a file given on its command line only when it is a manifest.
    public static func isManifest(fileNamed name: String) -> Bool {
        ManifestDiscovery.kind(ofFileNamed: name) != nil
    }

    /// Whether a folder audit reads the file at this `/`-separated path below its root.
    public static func isManifest(relativePath: String) -> Bool {
        ManifestDiscovery.isManifest(relativePath: relativePath)
    }

    public static func run(root: String, options: DependencyAuditOptions) throws -> DependencyAuditResult {
        try run(root: root, walked: nil, contents: [:], options: options)
    }

    /// The audit of `root` over files another walk already found and read (the scan's shared
    /// discovery): `walked` lists the files below a folder root (path to open, `/`-separated path
    /// relative to the root) and the audit picks its manifests among them instead of walking the
    /// folder again; `contents` holds bytes already read, by the same paths. Files not in
    /// `contents` (includes outside the walk) are read as usual.
    public static func run(root: String, walked: [(path: String, relative: String)]?, contents: [String: [UInt8]],
                           options: DependencyAuditOptions) throws -> DependencyAuditResult {
        let environment: TargetEnvironment
        do { environment = try TargetEnvironment(pythonVersion: options.pythonVersion, platform: options.platform) } catch {
            throw DependencyAuditError("\(error)")
        }
        var notices: [String] = []
        var outcomes: [FileOutcome] = []
        var readings: [ManifestReading] = []

        let rootURL = URL(fileURLWithPath: root).standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: rootURL.path, isDirectory: &isDir) else {
            throw DependencyAuditError("\(root): no such file or folder")
        }
        let base = isDir.boolValue ? rootURL.path : rootURL.deletingLastPathComponent().path
        let display: (String) -> String = { path in
            let p = URL(fileURLWithPath: path).standardizedFileURL.path
            if p.hasPrefix(base + "/") { return String(p.dropFirst(base.count + 1)) }
            return p
        }
        let manifests = isDir.boolValue
            ? (walked.map { ManifestDiscovery.select(relativePaths: $0) } ?? ManifestDiscovery.find(in: rootURL.path))
            : [(rootURL.path, ManifestDiscovery.kind(ofFileNamed: rootURL.lastPathComponent) ?? .requirements)]
        var known: [String: [UInt8]] = [:]
        for (path, bytes) in contents { known[URL(fileURLWithPath: path).standardizedFileURL.path] = bytes }
        let read: (String) -> Data? = { path in
            if let bytes = known[URL(fileURLWithPath: path).standardizedFileURL.path] { return Data(bytes) }
            return FileManager.default.contents(atPath: path)
        }

        // Requirements files first, sharing one visited set so an included file is read once.
        var visited = Set<String>()
        for (path, kind) in manifests where kind == .requirements || kind == .constraints {
            let canonical = URL(fileURLWithPath: path).standardizedFileURL.path
            if visited.contains(canonical) { continue }
            var reading = ManifestReading(file: display(path), kind: kind)
            var visiting: [String] = []
            RequirementsFile.read(path: path, kind: kind, display: display, contents: read, visiting: &visiting, visited: &visited, into: &reading)
            readings.append(reading)
        }
        for (path, kind) in manifests where kind != .requirements && kind != .constraints {
            let shown = display(path)
            guard let data = read(path) else {
                outcomes.append(FileOutcome(path: shown, status: .failed(reason: "unreadable")))
                continue
            }
            let text = String(decoding: data, as: UTF8.self)
            do {
                switch kind {
                case .pyproject: readings.append(try TOMLManifests.readPyProject(text: text, file: shown))
                case .pipfile: readings.append(try TOMLManifests.readPipfile(text: text, file: shown))
                case .setupCfg: readings.append(OtherManifests.readSetupCfg(text: text, file: shown))
                case .pipfileLock: readings.append(try OtherManifests.readPipfileLock(data: data, text: text, file: shown))
                case .poetryLock, .uvLock, .pdmLock, .pylock: readings.append(try TOMLManifests.readLock(text: text, file: shown, kind: kind))
                default: break
                }
            } catch {
                outcomes.append(FileOutcome(path: shown, status: .failed(reason: "\(error)")))
                notices.append("\(error)")
            }
        }
        if let env = options.pythonEnvironment {
            do { readings += try OtherManifests.readInstalled(environment: env, display: display) } catch {
                throw DependencyAuditError("--python-env: \(error)")
            }
        }

        // File outcomes: every file read (included ones too), partial when some lines were skipped.
        var seenOutcome = Set(outcomes.map(\.path))
        for reading in readings {
            let files = [reading.file] + reading.included.map(display)
            for file in files where seenOutcome.insert(file).inserted {
                let skipped = reading.notices.contains { $0.hasPrefix(file + ":") && $0.contains("skipped") }
                outcomes.append(FileOutcome(path: file, status: .scanned(partial: skipped)))
            }
            notices += reading.notices
        }

        // Dependencies that apply to the target interpreter and platform.
        let dependencies = readings.flatMap(\.dependencies).filter { dependency in
            dependency.marker.map { $0.evaluate(environment, extras: ["*"]) } ?? true
        }

        // The advisory database, opened lazily.
        var database: AdvisoryDatabase?
        var databaseInfo: AdvisoryDatabaseInfo?
        let cachePath = options.cacheDatabasePath ?? AdvisoryDatabase.defaultPath
        let builtIn = options.builtInDatabasePath ?? AdvisorySnapshot.builtInPath
        let needed = dependencies.contains { $0.exactVersion != nil || !$0.alternatives.isEmpty }
        if needed {
            do {
                guard let (dbPath, origin) = AdvisoryDatabase.locate(explicit: options.databasePath, cache: cachePath, builtIn: builtIn) else {
                    throw AdvisoryDatabaseError.missing(path: cachePath)
                }
                let opened = try AdvisoryDatabase(path: dbPath, cacheRoot: options.cacheDirectory)
                database = opened
                databaseInfo = opened.info(origin: origin)
                if let info = databaseInfo, let warning = ageWarning(info, now: options.now) { notices.append(warning) }
            } catch let error as AdvisoryDatabaseError {
                if options.requireDatabase { throw DependencyAuditError(error.description) }
                notices.append("dependency advisories not checked: \(error.description)")
            }
        }

        var findings: [Finding] = []
        // Names whose version is fixed somewhere: a lock, an installed env, or an exact pin.
        let pinnedNames = Set(dependencies.filter { $0.exactVersion != nil || ($0.kind.isLock && $0.url != nil) }.map(\.normalizedName))

        if let database {
            let names = Array(Set(dependencies.map(\.normalizedName))).sorted()
            var byName: [String: PackageAdvisories] = [:]
            // Parse the advisory files of the needed packages in parallel.
            var loaded = [PackageAdvisories?](repeating: nil, count: names.count)
            loaded.withUnsafeMutableBufferPointer { buffer in
                guard let out = buffer.baseAddress else { return }
                DispatchQueue.concurrentPerform(iterations: names.count) { k in
                    out[k] = PackageAdvisories(package: names[k], advisories: database.advisories(for: names[k]))
                }
            }
            for (k, name) in names.enumerated() { byName[name] = loaded[k] }
            notices += database.problems.sorted()
            for dependency in dependencies {
                guard let advisories = byName[dependency.normalizedName], !advisories.advisories.isEmpty else { continue }
                if let version = dependency.exactVersion {
                    let hits = advisories.affecting(version, rawText: dependency.exactVersionText)
                    if !hits.isEmpty {
                        findings.append(AuditFindings.vulnerable(dependency: dependency, version: version, hits: hits, advisories: advisories))
                    }
                } else if dependency.url == nil, !dependency.alternatives.isEmpty, !pinnedNames.contains(dependency.normalizedName) {
                    let admitted = dependency.alternatives.flatMap { advisories.admittedVulnerableVersions($0) }
                    if !admitted.isEmpty {
                        findings.append(AuditFindings.vulnerableRange(dependency: dependency, admitted: Array(Set(admitted)).sorted(), advisories: advisories))
                    }
                }
            }
        }

        if !options.library {
            findings += AuditFindings.hygiene(readings: readings, dependencies: dependencies, pinnedNames: pinnedNames)
        }

        if options.fix {
            let (fixed, fixNotices) = RequirementsFixer.apply(findings: findings, base: base)
            notices += fixNotices
            findings.removeAll { fixed.contains($0.fingerprint) }
        }
        findings.sort(by: Finding.reportOrder)
        return DependencyAuditResult(findings: Fingerprint.disambiguate(findings), files: outcomes.sorted { $0.path < $1.path },
                                     notices: notices, database: databaseInfo)
    }
}

/// Finds manifest and lock files under a folder.
enum ManifestDiscovery {
    static let skippedDirectories: Set<String> = [".git", ".hg", ".svn", "node_modules", ".venv", "venv", ".tox", ".nox", "__pycache__",
                                                   ".mypy_cache", ".pytest_cache", ".ruff_cache", "site-packages", ".build", "build", "dist", ".eggs", ".venv-tests"]

    /// Whether the audit reads a file at this `/`-separated path below a scan root (so a scan that
    /// reads every file once can keep its bytes for the audit).
    static func isManifest(relativePath: String) -> Bool {
        !select(relativePaths: [(relativePath, relativePath)]).isEmpty
    }

    static func kind(ofFileNamed name: String, parent: String = "") -> ManifestKind? {
        let lower = name.lowercased()
        switch lower {
        case "pyproject.toml": return .pyproject
        case "setup.cfg": return .setupCfg
        case "pipfile": return .pipfile
        case "poetry.lock": return .poetryLock
        case "pipfile.lock": return .pipfileLock
        case "uv.lock": return .uvLock
        case "pdm.lock": return .pdmLock
        default: break
        }
        if lower == "pylock.toml" || (lower.hasPrefix("pylock.") && lower.hasSuffix(".toml")) { return .pylock }
        if lower.hasSuffix(".txt") || lower.hasSuffix(".in") {
            if lower.contains("constraint") { return .constraints }
            if lower.contains("requirements") || parent.lowercased() == "requirements" { return lower.hasSuffix(".in") ? nil : .requirements }
        }
        return nil
    }

    /// Every manifest under `root`, sorted by path. A walk with `opendir`/`readdir` only (the entry
    /// type comes from the folder listing): no per-file `stat`, no owner look-up. Symlinks are
    /// never followed into folders; a symlink is judged by its own name, like a file.
    static func find(in root: String) -> [(String, ManifestKind)] {
        var out: [(String, ManifestKind)] = []
        walk(root, into: &out)
        return out.sorted { $0.0 < $1.0 }
    }

    /// The manifests among paths a walk already found (the scan's shared discovery), with the
    /// same folder rules as `find(in:)`; `relative` paths are `/`-separated below the root.
    static func select(relativePaths: [(path: String, relative: String)]) -> [(String, ManifestKind)] {
        var out: [(String, ManifestKind)] = []
        for (path, relative) in relativePaths {
            let parts = relative.split(separator: "/").map(String.init)
            guard let name = parts.last else { continue }
            if parts.dropLast().contains(where: { skippedDirectories.contains($0) || $0.hasSuffix(".egg-info") }) { continue }
            let parent = parts.count > 1 ? parts[parts.count - 2] : ""
            if let kind = kind(ofFileNamed: name, parent: parent) { out.append((path, kind)) }
        }
        return out.sorted { $0.0 < $1.0 }
    }

    private static func walk(_ folder: String, into out: inout [(String, ManifestKind)]) {
        guard let dir = opendir(folder) else { return }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: Int(NAME_MAX) + 1) { String(cString: $0) }
            }
            if name == "." || name == ".." { continue }
            let path = folder + "/" + name
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: type = UInt8(DT_DIR)
                case S_IFLNK: type = UInt8(DT_LNK)
                default: type = UInt8(DT_REG)
                }
            }
            if type == UInt8(DT_DIR) {
                if skippedDirectories.contains(name) || name.hasSuffix(".egg-info") { continue }
                walk(path, into: &out)
            } else if let kind = kind(ofFileNamed: name, parent: (folder as NSString).lastPathComponent) {
                out.append((path, kind))
            }
        }
    }
}

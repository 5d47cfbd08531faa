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

    public static func run(root: String, options: DependencyAuditOptions) throws -> DependencyAuditResult {
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
        let manifests = isDir.boolValue ? ManifestDiscovery.find(in: rootURL.path) : [(rootURL.path, ManifestDiscovery.kind(ofFileNamed: rootURL.lastPathComponent) ?? .requirements)]

        // Requirements files first, sharing one visited set so an included file is read once.
        var visited = Set<String>()
        for (path, kind) in manifests where kind == .requirements || kind == .constraints {
            let canonical = URL(fileURLWithPath: path).standardizedFileURL.path
            if visited.contains(canonical) { continue }
            var reading = ManifestReading(file: display(path), kind: kind)
            var visiting: [String] = []
            RequirementsFile.read(path: path, kind: kind, display: display, visiting: &visiting, visited: &visited, into: &reading)
            readings.append(reading)
        }
        for (path, kind) in manifests where kind != .requirements && kind != .constraints {
            let shown = display(path)
            guard let data = FileManager.default.contents(atPath: path) else {
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

    static func find(in root: String) -> [(String, ManifestKind)] {
        var out: [(String, ManifestKind)] = []
        let fm = FileManager.default
        guard let enumerator = fm.enumerator(at: URL(fileURLWithPath: root), includingPropertiesForKeys: [.isDirectoryKey, .isSymbolicLinkKey], options: []) else { return [] }
        for case let url as URL in enumerator {
            let name = url.lastPathComponent
            let values = try? url.resourceValues(forKeys: [.isDirectoryKey, .isSymbolicLinkKey])
            if values?.isDirectory == true {
                if skippedDirectories.contains(name) || name.hasSuffix(".egg-info") || values?.isSymbolicLink == true { enumerator.skipDescendants() }
                continue
            }
            if let kind = kind(ofFileNamed: name, parent: url.deletingLastPathComponent().lastPathComponent) {
                out.append((url.standardizedFileURL.path, kind))
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }
}

import ArgumentParser
import Dependencies
import Findings
import TaintlineKit
import Workspace

/// How `scan` and `baseline` walk the tree and which analyses they run.
struct WalkOptions: ParsableArguments {
    @Option(name: .customLong("exclude"), help: ArgumentHelp("Leave out paths matching this glob (relative to the scan root; repeatable).", valueName: "glob"))
    var excludes: [String] = []

    @Option(name: .customLong("include"), help: ArgumentHelp("Only scan files matching this glob (repeatable).", valueName: "glob"))
    var includes: [String] = []

    @Flag(name: .customLong("no-gitignore"), help: "Scan files that .gitignore excludes.")
    var noGitignore = false

    @Flag(name: .customLong("no-default-excludes"), help: "Also walk virtualenvs, node_modules, site-packages and build folders.")
    var noDefaultExcludes = false

    @Option(help: "Worker threads (default: all cores).")
    var jobs: Int?

    @Option(name: .customLong("skip"), help: ArgumentHelp("Do not run this analysis: code, secrets, dependencies, project, deploy (repeatable).", valueName: "analysis"))
    var skipped: [String] = []

    @Option(name: .customLong("db"), help: ArgumentHelp("OSV advisory database (folder, zip or snapshot) for the dependency audit (default: the cache 'taintline db update' fills, else the built-in snapshot).", valueName: "path"))
    var database: String?

    @Option(name: .customLong("python-version"), help: "Target Python version for dependency markers.")
    var pythonVersion: String = "3.12"

    @Flag(help: "No progress line on standard error (it is shown only on a terminal, for scans that take a while).")
    var quiet = false

    @Option(name: .customLong("cache-dir"), help: ArgumentHelp("Keep the scan cache in this folder (default: the configuration's cache-dir, else $XDG_CACHE_HOME/taintline/scan or ~/.cache/taintline/scan). A scan of the same paths with the same options then re-analyses only the files that changed.", valueName: "dir"))
    var cacheDirectory: String?

    @Flag(name: .customLong("no-cache"), help: "Neither read nor write the scan cache: analyse every file afresh and leave nothing behind.")
    var noCache = false

    func validate() throws {
        for pattern in excludes + includes {
            do { _ = try Glob(pattern) } catch { throw ValidationError("\(error)") }
        }
        for name in skipped where Analysis(rawValue: name) == nil || name == "probe" {
            throw ValidationError("--skip: unknown analysis '\(name)' (use code, secrets, dependencies, project or deploy)")
        }
        if let jobs, jobs < 1 { throw ValidationError("--jobs must be at least 1") }
        if noCache && cacheDirectory != nil { throw ValidationError("--cache-dir and --no-cache cannot be used together") }
    }

    /// The walk these flags ask for.
    var settings: WalkSettings {
        var settings = WalkSettings()
        settings.excludes = excludes
        settings.includes = includes
        settings.respectGitignore = !noGitignore
        settings.includeDefaultSkips = noDefaultExcludes
        settings.jobs = jobs
        settings.skipped = Set(skipped.compactMap(Analysis.init(rawValue:)))
        settings.databasePath = database
        settings.pythonVersion = pythonVersion
        settings.cacheDirectory = cacheDirectory
        settings.noCache = noCache
        return settings
    }

    /// The scan options these flags ask for, with the configuration's `exclude`/`include` added.
    func scanOptions(configuration: Configuration) -> ScanOptions {
        settings.scanOptions(configuration: configuration)
    }
}

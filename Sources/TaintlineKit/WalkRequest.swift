import Dependencies
import Findings
import Workspace

/// How the user asked the tree to be walked and which analyses to run, before the configuration
/// is consulted: what `scan` and `baseline` take from their flags, and what `server` uses with
/// none, so every way of scanning builds its options from the configuration alike.
public struct WalkRequest: Sendable {
    public var excludes: [String]
    public var includes: [String]
    public var respectGitignore: Bool
    public var includeDefaultSkips: Bool
    /// Worker threads, or nil for every core.
    public var jobs: Int?
    public var skipped: Set<Analysis>
    /// The advisory database, or nil for the configuration's, else the default.
    public var database: String?
    public var pythonVersion: String
    /// The scan cache folder, or nil for the configuration's, else the default.
    public var cacheDirectory: String?
    public var noCache: Bool

    public init(excludes: [String] = [], includes: [String] = [], respectGitignore: Bool = true, includeDefaultSkips: Bool = false,
                jobs: Int? = nil, skipped: Set<Analysis> = [], database: String? = nil, pythonVersion: String = "3.12",
                cacheDirectory: String? = nil, noCache: Bool = false) {
        self.excludes = excludes
        self.includes = includes
        self.respectGitignore = respectGitignore
        self.includeDefaultSkips = includeDefaultSkips
        self.jobs = jobs
        self.skipped = skipped
        self.database = database
        self.pythonVersion = pythonVersion
        self.cacheDirectory = cacheDirectory
        self.noCache = noCache
    }

    /// The scan options this request asks for, with the configuration's `exclude`/`include`,
    /// advisory database and cache folder added.
    public func scanOptions(configuration: Configuration) -> ScanOptions {
        let discovery = DiscoveryOptions(excludes: excludes + (configuration.exclude ?? []), includes: includes + (configuration.include ?? []),
                                         respectGitignore: respectGitignore, includeDefaultSkips: includeDefaultSkips)
        var options = ScanOptions(discovery: discovery)
        if let jobs { options.jobs = jobs }
        options.analyses.subtract(skipped)
        options.dependencies.databasePath = database ?? configuration.section("deps")?.table?["db"]?.string
        options.dependencies.pythonVersion = pythonVersion
        if !noCache {
            options.cache = ScanCacheOptions(directory: cacheDirectory ?? configuration.cacheDirectory ?? ScanCacheOptions.defaultDirectory())
        }
        return options
    }
}

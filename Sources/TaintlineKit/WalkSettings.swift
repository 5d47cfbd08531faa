import Dependencies
import Findings
import Workspace

/// How a scan walks the tree and which analyses it runs: what `scan` and `baseline` take from
/// their flags, and `taintline mcp` leaves at the defaults, so both scan with the same options
/// once the configuration is laid under them.
public struct WalkSettings: Sendable {
    /// Globs to leave out and to keep (the configuration's `exclude`/`include` are added).
    public var excludes: [String] = []
    public var includes: [String] = []
    public var respectGitignore = true
    /// Also walk virtualenvs, node_modules, site-packages and build folders.
    public var includeDefaultSkips = false
    /// Worker threads; nil for every core.
    public var jobs: Int?
    public var skipped: Set<Analysis> = []
    /// The advisory database; nil for the configuration's `[deps] db`, then the usual lookup.
    public var databasePath: String?
    public var pythonVersion = "3.12"
    /// The cache folder; nil for the configuration's `cache-dir`, then the default folder.
    public var cacheDirectory: String?
    public var noCache = false

    public init() {}

    /// The scan options these settings ask for, with the configuration's `exclude`/`include` added.
    public func scanOptions(configuration: Configuration) -> ScanOptions {
        let discovery = DiscoveryOptions(excludes: excludes + (configuration.exclude ?? []), includes: includes + (configuration.include ?? []),
                                         respectGitignore: respectGitignore, includeDefaultSkips: includeDefaultSkips)
        var options = ScanOptions(discovery: discovery)
        if let jobs { options.jobs = jobs }
        options.analyses.subtract(skipped)
        options.dependencies.databasePath = databasePath ?? configuration.section("deps")?.table?["db"]?.string
        options.dependencies.pythonVersion = pythonVersion
        if !noCache {
            options.cache = ScanCacheOptions(directory: cacheDirectory ?? configuration.cacheDirectory ?? ScanCacheOptions.defaultDirectory())
        }
        return options
    }
}

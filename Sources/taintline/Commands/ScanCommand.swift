import ArgumentParser
import Findings
import TaintlineKit
import Workspace

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scans a project: code, secrets and dependencies.",
        discussion: """
        Walks each PATH the way you expect: honours .gitignore, skips .git, virtualenvs, \
        site-packages, node_modules, __pycache__ and build folders, never follows a symlink out of \
        the tree or around a loop, analyses files in parallel on all cores, and ends with a summary \
        that accounts for every file: scanned, skipped (why), failed (why).
        """
    )

    @Argument(help: "Files or folders to scan.")
    var paths: [String] = ["."]

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

    @OptionGroup var report: ReportOptions

    func run() throws {
        var options = ScanOptions(discovery: DiscoveryOptions(excludes: excludes, includes: includes, respectGitignore: !noGitignore, includeDefaultSkips: noDefaultExcludes))
        if let jobs { options.jobs = max(1, jobs) }
        try finish(ScanPipeline.run(paths: paths, options: options), report)
    }
}

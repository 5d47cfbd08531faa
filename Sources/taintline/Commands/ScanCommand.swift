import ArgumentParser
import Findings
import TaintlineKit

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scans a project: code, secrets, dependencies and deploy files.",
        discussion: """
        Walks each PATH the way you expect: honours .gitignore, skips .git, virtualenvs, \
        site-packages, node_modules, __pycache__ and build folders, never follows a symlink out of \
        the tree or around a loop, analyses files in parallel on all cores, and ends with a summary \
        that accounts for every file: scanned, skipped (why), failed (why). Dockerfiles, Compose files, \
        Kubernetes manifests, gunicorn/uWSGI configuration and Procfiles are checked too (--skip \
        deploy to leave them out). Configuration is read \
        from pyproject.toml [tool.taintline] or .taintline.toml without any flag. Results are kept \
        in a cache (--cache-dir, --no-cache), so a re-scan analyses only the files that changed and \
        reports exactly what a scan without the cache would.
        """
    )

    @Argument(help: "Files or folders to scan.")
    var paths: [String] = ["."]

    @OptionGroup var walk: WalkOptions

    @OptionGroup var report: ReportOptions

    @OptionGroup var diff: DiffOptions

    func run() throws {
        // Settings first: a bad configuration or --diff-base fails before the scan.
        let settings: ReportSettings
        do { settings = try report.settings(roots: paths, diff: diff) } catch { throw fail(error) }
        try finish(runScan(paths: paths, options: report.filters, walk: walk), settings: settings)
    }
}

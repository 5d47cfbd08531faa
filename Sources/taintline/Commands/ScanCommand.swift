import ArgumentParser
import Findings
import Foundation
import Reporting
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

        --fix rewrites the code of the findings a rule can fix mechanically (yaml.load to \
        yaml.safe_load, a missing timeout=, cookie flags, ...; the rule table's Fix column), then \
        reports what remains; --diff shows the same changes as a unified diff and writes nothing. \
        Fixes are safe (behaviour kept) or unsafe (behaviour changed on purpose, applied only with \
        --unsafe-fixes). A fix is written only if the file still parses and the finding is gone \
        when the project is analysed again; the summary lists the fixes applied, the unsafe ones \
        left and the ones refused, with why. The exit status is that of the findings that remain. \
        fix = true and unsafe-fixes = true in the configuration do the same as the flags; \
        --no-fix and --no-unsafe-fixes override them.
        """
    )

    @Argument(help: "Files or folders to scan.")
    var paths: [String] = ["."]

    @OptionGroup var walk: WalkOptions

    @OptionGroup var report: ReportOptions

    @OptionGroup var diff: DiffOptions

    @Flag(inversion: .prefixedNo, help: "Apply the rules' safe fixes (and unsafe ones with --unsafe-fixes) to the files, then report the findings that remain (--no-fix: do not, whatever the configuration's fix says).")
    var fix: Bool?

    @Flag(name: .customLong("diff"), help: "Print the changes --fix would make as a unified diff instead of the report, and write nothing; the exit status is that of the fixed code.")
    var showDiff = false

    @Flag(name: .customLong("unsafe-fixes"), inversion: .prefixedNo, help: "Also apply (--fix) or show (--diff) unsafe fixes, which change behaviour on purpose (a timeout, cookie flags, debug from the environment); in the report, mark them fixable (--no-unsafe-fixes: do not, whatever the configuration's unsafe-fixes says).")
    var unsafeFixes: Bool?

    func validate() throws {
        if showDiff && report.format != .text {
            throw ValidationError("--diff prints a diff, not a report: it cannot be combined with --format \(report.format.rawValue)")
        }
    }

    func run() throws {
        // Settings first: a bad configuration or --diff-base fails before the scan.
        var settings: ReportSettings
        do { settings = try report.settings(roots: paths, diff: diff, fix: fix, unsafeFixes: unsafeFixes) } catch { throw fail(error) }
        let scanned = try runScan(paths: paths, options: report.filters, walk: walk)
        guard settings.fix || showDiff else { try finish(scanned, settings: settings) }
        let outcome: Fixer.Outcome
        do {
            let options = try makeScanOptions(paths: paths, options: report.filters, walk: walk)
            outcome = try Fixer.run(scanned, paths: paths, options: options, settings: settings,
                                    request: Fixer.Request(write: !showDiff, unsafeFixes: settings.unsafeFixes, showSecrets: report.showSecrets))
        } catch {
            throw fail(error)
        }
        guard showDiff else { try finish(outcome.report, settings: settings) }
        // The diff is the output; what the fixes did goes to standard error.
        let status: Int32
        do {
            if let path = settings.outputPath {
                try outcome.diff.write(toFile: path, atomically: true, encoding: .utf8)
            } else {
                FileHandle.standardOutput.write(Data(outcome.diff.utf8))
            }
            let color = Output.useColor(settings, isTerminal: isatty(STDERR_FILENO) == 1)
            FileHandle.standardError.write(Data(("Summary\n" + TextReporter.fixLines(outcome.report, color: color, unsafeFixes: settings.unsafeFixes)).utf8))
            status = Output.exitStatus(for: try Output.prepare(outcome.report, settings: settings), settings: settings)
        } catch {
            throw fail(error)
        }
        throw ExitCode(status)
    }
}

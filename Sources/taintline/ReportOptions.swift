import ArgumentParser
import Findings
import Foundation
import Reporting
import TaintlineKit

/// Options that choose which findings count and which configuration applies: shared by every
/// command that reports findings and by `baseline`.
struct FilterOptions: ParsableArguments {
    @Option(name: .customLong("select"), parsing: .singleValue,
            help: ArgumentHelp("Only report these rules: ids, id prefixes (TL-B6), aliases (B602), CWE-89, OWASP categories (A03), analyses (secrets) or ALL. Comma-separated, repeatable.", valueName: "selectors"))
    var select: [String] = []

    @Option(name: .customLong("ignore"), parsing: .singleValue,
            help: ArgumentHelp("Drop these rules (same forms as --select); the more specific of --select and --ignore wins.", valueName: "selectors"))
    var ignore: [String] = []

    @Option(help: ArgumentHelp("Drop findings below this severity (info, low, medium, high, critical); they are counted in the summary.", valueName: "level"))
    var severity: String?

    @Option(help: ArgumentHelp("Drop findings below this confidence (low, medium, high); they are counted in the summary.", valueName: "level"))
    var confidence: String?

    @Option(help: ArgumentHelp("Read settings from this file instead of discovering pyproject.toml [tool.taintline] or .taintline.toml.", valueName: "file"))
    var config: String?

    @Flag(name: .customLong("no-config"), help: "Ignore every configuration file.")
    var noConfig = false
}

/// Options shared by every command that reports findings (scan, secrets, deps, probe).
struct ReportOptions: ParsableArguments {
    @Option(help: "Output format: text, json, sarif, markdown, html (one self-contained page with charts), gitlab-sast (GitLab's gl-sast-report.json).")
    var format: OutputFormat = .text

    @Option(help: "Order of the findings in the text and HTML views: location (file, line) or severity (worst first).")
    var sort: FindingOrder?

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var output: String?

    @Option(name: .customLong("fail-on"), help: ArgumentHelp("Exit 1 when a finding at or above this severity remains (info, low, medium, high, critical; default low).", valueName: "severity"))
    var failOn: String?

    @Flag(name: .customLong("exit-zero"), inversion: .prefixedNo, help: "Exit 0 even when findings remain (failed files still exit 3).")
    var exitZero: Bool?

    @Flag(name: .customLong("allow-failed-files"), inversion: .prefixedNo, help: "Do not use exit status 3 when some files could not be read or parsed.")
    var allowFailedFiles: Bool?

    @Option(help: ArgumentHelp("Report only findings whose fingerprint is not in this baseline (written by 'taintline baseline').", valueName: "file"))
    var baseline: String?

    @Option(help: "Colour in the text view: auto, always, never (auto honours NO_COLOR and is off when not a terminal).")
    var color: ColorChoice = .auto

    @Flag(name: .customLong("show-secrets"), help: "Print credentials in code frames and snippets as written. By default every detected secret, hard-coded password and key is masked (sk_l…(32 chars, sha256:…)) wherever source is shown.")
    var showSecrets = false

    @OptionGroup var filters: FilterOptions

    var request: ReportRequest {
        ReportRequest(format: format, outputPath: output, failOn: failOn, exitZero: exitZero, allowFailedFiles: allowFailedFiles,
                      select: filters.select.isEmpty ? nil : filters.select, ignore: filters.ignore.isEmpty ? nil : filters.ignore,
                      severity: filters.severity, confidence: filters.confidence, baselinePath: baseline,
                      configPath: filters.config, noConfig: filters.noConfig, color: color, showSecrets: showSecrets,
                      sort: sort)
    }

    /// The command line merged over the configuration that applies to `roots`.
    func settings(roots: [String]) throws -> ReportSettings {
        try ReportSettings.resolve(request, roots: roots)
    }
}

/// `--diff-base`, for the commands whose findings sit on lines of files in a repository (scan,
/// secrets, deps; not probe, whose findings are at URLs).
struct DiffOptions: ParsableArguments {
    @Option(name: .customLong("diff-base"), help: ArgumentHelp("Report only findings on lines changed since this git revision (a branch, tag or commit): the working tree, untracked files included, against the merge base of REF and HEAD. The whole project is still analysed; what is left out is counted in the summary.", valueName: "ref"))
    var base: String?
}

extension ReportOptions {
    /// The command line merged over the configuration, with the change since `--diff-base` read
    /// from git (before a long scan, so a bad REF fails at once); `fix` and `unsafeFixes` are
    /// `scan`'s flags (nil when neither form was given).
    func settings(roots: [String], diff: DiffOptions, fix: Bool? = nil, unsafeFixes: Bool? = nil) throws -> ReportSettings {
        var request = self.request
        request.diffBase = diff.base
        request.fix = fix
        request.unsafeFixes = unsafeFixes
        return try ReportSettings.resolve(request, roots: roots)
    }
}

extension FilterOptions {
    /// The filter part of a request (for commands without report options, such as `baseline`).
    var request: ReportRequest {
        ReportRequest(select: select.isEmpty ? nil : select, ignore: ignore.isEmpty ? nil : ignore, severity: severity,
                      confidence: confidence, configPath: config, noConfig: noConfig)
    }
}

extension OutputFormat: ExpressibleByArgument {}
extension ColorChoice: ExpressibleByArgument {}
extension FindingOrder: ExpressibleByArgument {}

/// Runs the full scan (code, secrets, dependencies) of `paths` with the configuration that applies
/// to them (its `exclude`, `include` and analysis sections; selection, thresholds, per-path
/// ignores and the baseline are applied later by `finish`); `scan` and `baseline` share it so a baseline holds exactly what a scan would report.
/// Any error (bad configuration, unreadable root) becomes exit status 2 with its message.
func runScan(paths: [String], options: FilterOptions, walk: WalkOptions) throws -> ScanReport {
    do {
        var scanOptions = try makeScanOptions(paths: paths, options: options, walk: walk)
        let progress = TerminalProgress.make(quiet: walk.quiet)
        if let progress { scanOptions.progress = { progress.update($0) } }
        let report = ScanPipeline.run(paths: paths, options: scanOptions)
        progress?.finish()
        // The scan went on without its cache; say why, beside the report rather than in it.
        if let problem = report.cache?.problem {
            FileHandle.standardError.write(Data("taintline: note: \(problem)\n".utf8))
        }
        return report
    } catch {
        throw fail(error)
    }
}

/// The scan options the flags and the configuration that applies to `paths` ask for.
func makeScanOptions(paths: [String], options: FilterOptions, walk: WalkOptions) throws -> ScanOptions {
    let settings = try ReportSettings.resolve(options.request, roots: paths)
    return walk.request.scanOptions(configuration: settings.configuration)
}

/// Prints a usage, configuration or I/O error and exits with status 2.
func fail(_ error: Error) -> ExitCode {
    if let exit = error as? ExitCode { return exit }
    let message: String
    switch error {
    case let error as CustomStringConvertible: message = error.description
    default: message = error.localizedDescription
    }
    FileHandle.standardError.write(Data("taintline: error: \(message)\n".utf8))
    return ExitCode(ExitStatus.usageOrInternalError)
}

/// Renders a report with the user's options and exits with the status the report calls for:
/// 0 clean, 1 findings at or above --fail-on, 2 usage/configuration/internal error, 3 failed files.
func finish(_ report: ScanReport, _ options: ReportOptions) throws -> Never {
    let settings: ReportSettings
    do { settings = try options.settings(roots: report.roots) } catch { throw fail(error) }
    try finish(report, settings: settings)
}

/// Renders a report with settings resolved before the scan (see `finish(_:_:)`).
func finish(_ report: ScanReport, settings: ReportSettings) throws -> Never {
    let status: Int32
    do {
        status = try Output.deliver(report, settings: settings)
    } catch {
        throw fail(error)
    }
    throw ExitCode(status)
}

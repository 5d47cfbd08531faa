import Findings
import Foundation
import Reporting
import Workspace

/// The report formats.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, sarif, markdown, html
    /// GitLab's SAST report (gl-sast-report.json).
    case gitlabSAST = "gitlab-sast"
}


/// When the text view uses ANSI colour.
public enum ColorChoice: String, CaseIterable, Sendable {
    /// When standard output is a terminal, no `--output` file is given and `NO_COLOR` is unset or empty.
    case auto
    case always
    case never
}

/// Exit statuses (see `Reporting.ExitStatus`).
public typealias ExitStatus = Reporting.ExitStatus

/// What the user asked for on the command line, before the configuration file is consulted.
/// `nil` (or `false` for plain flags) means "not given": the configuration's value, then the default.
public struct ReportRequest: Sendable {
    public var format: OutputFormat
    public var outputPath: String?
    public var failOn: String?
    public var exitZero: Bool?
    public var allowFailedFiles: Bool?
    /// Rule selectors; each element may hold several separated by commas.
    public var select: [String]?
    public var ignore: [String]?
    public var severity: String?
    public var confidence: String?
    public var baselinePath: String?
    public var configPath: String?
    public var noConfig: Bool
    public var color: ColorChoice
    /// `--show-secrets`: print credentials in source text as written (only on the command line, never from configuration).
    public var showSecrets: Bool
    /// `--sort`, or `nil` for the format's default (location; worst first in HTML).
    public var sort: FindingOrder?
    /// `--diff-base REF`: report only findings on lines changed since REF (only on the command line).
    public var diffBase: String?
    /// `scan`'s `--fix` (true) or `--no-fix` (false); nil: the configuration's `fix`.
    public var fix: Bool?
    /// `--unsafe-fixes` (true) or `--no-unsafe-fixes` (false); nil: the configuration's `unsafe-fixes`.
    public var unsafeFixes: Bool?

    public init(format: OutputFormat = .text, outputPath: String? = nil, failOn: String? = nil, exitZero: Bool? = nil,
                allowFailedFiles: Bool? = nil, select: [String]? = nil, ignore: [String]? = nil, severity: String? = nil,
                confidence: String? = nil, baselinePath: String? = nil, configPath: String? = nil, noConfig: Bool = false,
                color: ColorChoice = .auto, showSecrets: Bool = false, sort: FindingOrder? = nil, diffBase: String? = nil) {
        self.sort = sort
        self.diffBase = diffBase
        self.format = format
        self.outputPath = outputPath
        self.failOn = failOn
        self.exitZero = exitZero
        self.allowFailedFiles = allowFailedFiles
        self.select = select
        self.ignore = ignore
        self.severity = severity
        self.confidence = confidence
        self.baselinePath = baselinePath
        self.configPath = configPath
        self.noConfig = noConfig
        self.color = color
        self.showSecrets = showSecrets
    }
}

/// A command-line value that cannot be used; commands print it and exit with status 2.
public struct UsageError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// How the user wants a report delivered: the command line merged over the configuration.
public struct ReportSettings: Sendable {
    public var format: OutputFormat
    public var outputPath: String?
    public var failOn: Severity
    public var exitZero: Bool
    public var allowFailedFiles: Bool
    public var filters: FilterSettings
    /// Resolved path of the baseline to subtract, if any.
    public var baselinePath: String?
    public var color: ColorChoice
    /// Print credentials in code frames and snippets as written; by default they are masked.
    public var showSecrets: Bool
    /// The configuration in force (empty when there is none): the pipeline reads `exclude`,
    /// `include` and the analyses' sections from it.
    public var configuration: Configuration
    /// `--sort`, or `nil` for the format's default.
    public var sort: FindingOrder?
    /// What changed since `--diff-base`, read from git when the settings were resolved; findings
    /// on no changed line are left out (and counted).
    public var changedLines: ChangedLines?
    /// When the settings were resolved, just before the scan: the GitLab report's start time.
    public var startTime = Date()
    /// `--unsafe-fixes` or `unsafe-fixes = true`: unsafe fixes count as applicable (applied by
    /// `--fix`, shown by `--diff`, marked fixable in the reports).
    public var unsafeFixes = false
    /// `scan --fix` or `fix = true`: apply the fixes and report what remains.
    public var fix = false

    public init(format: OutputFormat = .text, outputPath: String? = nil, failOn: Severity = .low, exitZero: Bool = false,
                allowFailedFiles: Bool = false, filters: FilterSettings = FilterSettings(), baselinePath: String? = nil,
                color: ColorChoice = .auto, showSecrets: Bool = false, configuration: Configuration = Configuration(),
                sort: FindingOrder? = nil, changedLines: ChangedLines? = nil) {
        self.sort = sort
        self.changedLines = changedLines
        self.format = format
        self.outputPath = outputPath
        self.failOn = failOn
        self.exitZero = exitZero
        self.allowFailedFiles = allowFailedFiles
        self.filters = filters
        self.baselinePath = baselinePath
        self.color = color
        self.showSecrets = showSecrets
        self.configuration = configuration
    }

    public var exitPolicy: ExitPolicy { ExitPolicy(failOn: failOn, exitZero: exitZero, allowFailedFiles: allowFailedFiles) }

    /// Loads the configuration for `roots` (unless `--no-config`) and lays the command line over it;
    /// with `--diff-base`, reads the change from git (so a bad REF fails before a long scan).
    /// Throws `ConfigurationError` or `UsageError`.
    public static func resolve(_ request: ReportRequest, roots: [String]) throws -> ReportSettings {
        if request.noConfig && request.configPath != nil { throw UsageError("--config and --no-config cannot be used together") }
        let configuration = try ConfigurationLoader.load(explicitPath: request.configPath, noConfig: request.noConfig, scanRoot: roots.first ?? ".")
        var settings = try resolve(request, configuration: configuration, roots: roots)
        if let base = request.diffBase {
            settings.changedLines = try DiffBase.changedLines(base: base, directory: DiffBase.directory(for: roots))
        }
        return settings
    }

    /// Lays the command line over an already loaded configuration.
    public static func resolve(_ request: ReportRequest, configuration: Configuration, roots: [String]) throws -> ReportSettings {
        func severity(_ text: String?, option: String, fallback: Severity?) throws -> Severity? {
            guard let text else { return fallback }
            guard let value = Severity(name: text) else {
                throw UsageError("\(option): unknown severity '\(text)' (use info, low, medium, high or critical)")
            }
            return value
        }
        let failOn = try severity(request.failOn, option: "--fail-on", fallback: configuration.failOn) ?? .low
        let minimumSeverity = try severity(request.severity, option: "--severity", fallback: configuration.severity) ?? .info
        var minimumConfidence = configuration.confidence ?? .low
        if let text = request.confidence {
            guard let value = Confidence(name: text) else { throw UsageError("--confidence: unknown confidence '\(text)' (use low, medium or high)") }
            minimumConfidence = value
        }

        var perPathIgnores: [PathIgnore] = []
        for entry in configuration.perPathIgnores {
            do {
                perPathIgnores.append(PathIgnore(glob: try Glob(entry.pattern), selectors: entry.rules.map(RuleSelector.init)))
            } catch let error as Glob.SyntaxError {
                throw ConfigurationError(path: configuration.path ?? "configuration", line: entry.line, key: "per-path-ignores.\(entry.pattern)", message: error.description)
            }
        }
        let filters = FilterSettings(
            select: selectors(request.select ?? configuration.select ?? []),
            ignore: selectors(request.ignore ?? configuration.ignore ?? []),
            minimumSeverity: minimumSeverity, minimumConfidence: minimumConfidence,
            perPathIgnores: perPathIgnores, pathPrefixes: pathPrefixes(configuration: configuration, roots: roots))

        let baseline = request.baselinePath ?? configuration.baselinePath
        var settings = ReportSettings(format: request.format, outputPath: request.outputPath, failOn: failOn,
                                      exitZero: request.exitZero ?? configuration.exitZero ?? false,
                                      allowFailedFiles: request.allowFailedFiles ?? configuration.allowFailedFiles ?? false,
                                      filters: filters, baselinePath: baseline, color: request.color, showSecrets: request.showSecrets,
                                      configuration: configuration, sort: request.sort)
        // ruff's `fix` and `unsafe-fixes`: the flag, either way, beats the configuration.
        settings.fix = request.fix ?? configuration.fix ?? false
        settings.unsafeFixes = request.unsafeFixes ?? configuration.unsafeFixes ?? false
        return settings
    }

    /// `--select A03,CWE-89 --select TL-B6` → three selectors.
    static func selectors(_ values: [String]) -> [RuleSelector] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }.map(RuleSelector.init)
    }

    /// When the configuration file sits above the scan root, the scan root relative to it, so that
    /// per-path globs written from the project's top match files reported relative to the scan root.
    static func pathPrefixes(configuration: Configuration, roots: [String]) -> [String] {
        guard let directory = configuration.directory, let root = roots.first else { return [] }
        let base = SourceLines.baseDirectory([root]) ?? root
        let absolute = ((base.hasPrefix("/") ? base : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(base)) as NSString).standardizingPath
        let configDirectory = ((directory.hasPrefix("/") ? directory : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(directory)) as NSString).standardizingPath
        guard absolute != configDirectory, absolute.hasPrefix(configDirectory.hasSuffix("/") ? configDirectory : configDirectory + "/") else { return [] }
        return [String(absolute.dropFirst(configDirectory.count).drop(while: { $0 == "/" }))]
    }
}

public enum Output {
    /// Applies filters and the baseline, renders the report in the chosen format, writes it where
    /// the settings say, and returns the exit status (0, 1 or 3; errors are thrown for status 2).
    public static func deliver(_ report: ScanReport, settings: ReportSettings) throws -> Int32 {
        let prepared = try prepare(report, settings: settings)
        let text = render(prepared, settings: settings, color: useColor(settings))
        if let path = settings.outputPath {
            do {
                try text.write(toFile: path, atomically: true, encoding: .utf8)
            } catch {
                throw UsageError("--output: cannot write \(path): \(error.localizedDescription)")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        return exitStatus(for: prepared, settings: settings)
    }

    /// Filters and baseline applied; the report the reporters see.
    public static func prepare(_ report: ScanReport, settings: ReportSettings) throws -> ScanReport {
        let baseline = try settings.baselinePath.map { try Baseline.load(path: $0) }
        return ReportPreparation.prepare(report, filters: settings.filters, baseline: baseline, changedLines: settings.changedLines)
    }

    /// The report as text in the settings' format (pure but for reading source lines for frames,
    /// and a warning on standard error when SARIF's upload limits left results out).
    public static func render(_ report: ScanReport, settings: ReportSettings, color: Bool) -> String {
        switch settings.format {
        case .text:
            let sources = SourceLines.load(for: report.findings, roots: report.roots)
            return TextReporter.render(report, options: TextReporter.Options(color: color, sources: sources, showSecrets: settings.showSecrets,
                                                                             sort: settings.sort ?? .location, unsafeFixes: settings.unsafeFixes))
        case .json:
            return JSONReporter.render(report, showSecrets: settings.showSecrets)
        case .sarif:
            let options = SARIFReporter.Options(sourceRoot: sourceRoot(report.roots), showSecrets: settings.showSecrets,
                                                requestedRules: Filters.namedRules(report.rules, settings: settings.filters))
            let (text, omission) = SARIFReporter.renderWithOmission(report, options: options)
            // The file says so in a run notification; the CI log should say it too.
            if let omission { FileHandle.standardError.write(Data("taintline: \(omission.note(options.limits))\n".utf8)) }
            return text
        case .markdown:
            return MarkdownReporter.render(report, showSecrets: settings.showSecrets, texts: SourceLines.texts(forFixesOf: report.findings, roots: report.roots),
                                           unsafeFixes: settings.unsafeFixes)
        case .gitlabSAST:
            return GitLabSASTReporter.render(report, options: GitLabSASTReporter.Options(
                sourceRoot: sourceRoot(report.roots), showSecrets: settings.showSecrets, startTime: settings.startTime, endTime: Date(),
                texts: SourceLines.texts(forFixesOf: report.findings, roots: report.roots)))
        case .html:
            let sources = SourceLines.load(for: report.findings, roots: report.roots)
            return HTMLReporter.render(report, options: HTMLReporter.Options(sources: sources, showSecrets: settings.showSecrets,
                                                                             sort: settings.sort ?? .severity,
                                                                             texts: SourceLines.texts(forFixesOf: report.findings, roots: report.roots),
                                                                             unsafeFixes: settings.unsafeFixes))
        }
    }

    public static func exitStatus(for report: ScanReport, settings: ReportSettings) -> Int32 {
        settings.exitPolicy.status(for: report)
    }

    /// Colour only for the text view on a terminal, unless forced; `NO_COLOR` (non-empty) turns it off.
    public static func useColor(_ settings: ReportSettings, environment: [String: String] = ProcessInfo.processInfo.environment,
                                isTerminal: Bool = isatty(STDOUT_FILENO) == 1) -> Bool {
        guard settings.format == .text else { return false }
        let forced: Bool? = settings.color == .auto ? nil : settings.color == .always
        return TextReporter.wantsColor(forced: forced, writingToFile: settings.outputPath != nil, isTerminal: isTerminal, environment: environment)
    }

    /// Writes the baseline of a report: the findings it would show with these settings' filters
    /// (a configured `--baseline` is not subtracted, or the new file would lose the old entries).
    /// Returns how many fingerprints were written.
    public static func writeBaseline(_ report: ScanReport, settings: ReportSettings, to path: String) throws -> Int {
        let prepared = ReportPreparation.prepare(report, filters: settings.filters, baseline: nil)
        do {
            try Baseline.write(prepared).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw UsageError("cannot write the baseline to \(path): \(error.localizedDescription)")
        }
        return prepared.findings.count
    }

    /// The absolute scan root for SARIF's `%SRCROOT%`.
    static func sourceRoot(_ roots: [String]) -> String? {
        guard let base = SourceLines.baseDirectory(roots) else { return nil }
        let absolute = base.hasPrefix("/") ? base : (FileManager.default.currentDirectoryPath as NSString).appendingPathComponent(base)
        return (absolute as NSString).standardizingPath
    }
}

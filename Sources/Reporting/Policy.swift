import Findings

/// Exit statuses, documented in `taintline --help` and Docs/reporting.md.
public enum ExitStatus {
    /// No finding at or above `--fail-on` remains.
    public static let clean: Int32 = 0
    /// A finding at or above `--fail-on` remains.
    public static let findings: Int32 = 1
    /// Bad usage, bad configuration, or an internal error.
    public static let usageOrInternalError: Int32 = 2
    /// Some input files could not be read or parsed (unless `--allow-failed-files`).
    public static let filesFailed: Int32 = 3
}

/// When a run fails.
public struct ExitPolicy: Hashable, Sendable {
    public var failOn: Severity
    public var exitZero: Bool
    public var allowFailedFiles: Bool

    public init(failOn: Severity = .low, exitZero: Bool = false, allowFailedFiles: Bool = false) {
        self.failOn = failOn
        self.exitZero = exitZero
        self.allowFailedFiles = allowFailedFiles
    }

    /// 3 when files failed (an incomplete scan must not pass silently; `--exit-zero` does not hide
    /// it, `--allow-failed-files` does), else 1 when a remaining finding is at or above `failOn`
    /// (unless `--exit-zero`), else 0.
    public func status(for report: ScanReport) -> Int32 {
        if !allowFailedFiles && !report.failedFiles.isEmpty { return ExitStatus.filesFailed }
        if exitZero { return ExitStatus.clean }
        return report.findings.contains { $0.severity >= failOn } ? ExitStatus.findings : ExitStatus.clean
    }
}

/// The report-side steps between the analyses and the reporters, in order.
public enum ReportPreparation {
    /// Disambiguates fingerprints, applies the filters, then the `--diff-base` change, then the
    /// baseline, and sorts the result. (Suppression comments are applied earlier, by the pipeline
    /// that has the parse trees: `Suppressions.apply(to:commentsByFile:statementSpans:)`.)
    public static func prepare(_ report: ScanReport, filters: FilterSettings, baseline: Baseline?, changedLines: ChangedLines? = nil) -> ScanReport {
        var copy = report
        copy.findings = Fingerprint.disambiguate(report.findings.sorted(by: Finding.reportOrder))
        copy = Filters.apply(copy, settings: filters)
        if let changedLines { copy = changedLines.apply(to: copy) }
        if let baseline { copy = baseline.apply(to: copy) }
        copy.findings.sort(by: Finding.reportOrder)
        copy.suppressed.sort { Finding.reportOrder($0.finding, $1.finding) }
        return copy
    }
}

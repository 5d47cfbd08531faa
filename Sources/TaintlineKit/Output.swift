import Findings
import Foundation

/// The report formats.
public enum OutputFormat: String, CaseIterable, Sendable {
    case text, json, sarif, markdown
}

/// How the user wants a report delivered.
public struct ReportSettings: Sendable {
    public var format: OutputFormat
    public var outputPath: String?
    public var failOn: Severity
    public var exitZero: Bool
    public var allowFailedFiles: Bool

    public init(format: OutputFormat = .text, outputPath: String? = nil, failOn: Severity = .low, exitZero: Bool = false, allowFailedFiles: Bool = false) {
        self.format = format
        self.outputPath = outputPath
        self.failOn = failOn
        self.exitZero = exitZero
        self.allowFailedFiles = allowFailedFiles
    }
}

/// Exit statuses, documented in `taintline --help` and the README.
public enum ExitStatus {
    public static let clean: Int32 = 0
    public static let findings: Int32 = 1
    public static let usageOrInternalError: Int32 = 2
    public static let filesFailed: Int32 = 3
}

public enum Output {
    /// Writes the report where the settings say and returns the exit status.
    /// (Minimal placeholder: the reporting work replaces the rendering.)
    public static func deliver(_ report: ScanReport, settings: ReportSettings) throws -> Int32 {
        var text = ""
        for finding in report.findings.sorted(by: Finding.reportOrder) {
            text += "\(finding.location.file):\(finding.location.startLine):\(finding.location.startColumn): \(finding.ruleID) [\(finding.severity)] \(finding.title)\n"
        }
        if let path = settings.outputPath {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        return exitStatus(for: report, settings: settings)
    }

    public static func exitStatus(for report: ScanReport, settings: ReportSettings) -> Int32 {
        if !settings.allowFailedFiles && !report.failedFiles.isEmpty { return ExitStatus.filesFailed }
        if settings.exitZero { return ExitStatus.clean }
        return report.findings.contains { $0.severity >= settings.failOn } ? ExitStatus.findings : ExitStatus.clean
    }
}

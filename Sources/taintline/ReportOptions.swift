import ArgumentParser
import Findings
import TaintlineKit

/// Options shared by every command that reports findings (scan, secrets, deps, probe).
struct ReportOptions: ParsableArguments {
    @Option(help: "Output format: text, json, sarif, markdown.")
    var format: OutputFormat = .text

    @Option(help: "Write the report to this file instead of standard output.")
    var output: String?

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding at or above this severity remains (info, low, medium, high, critical).")
    var failOn: String = "low"

    @Flag(name: .customLong("exit-zero"), help: "Exit 0 even when findings remain.")
    var exitZero = false

    @Flag(name: .customLong("allow-failed-files"), help: "Do not use exit status 3 when some files could not be read or parsed.")
    var allowFailedFiles = false

    func settings() throws -> ReportSettings {
        guard let threshold = Severity(name: failOn) else {
            throw ValidationError("--fail-on: unknown severity '\(failOn)' (use info, low, medium, high or critical)")
        }
        return ReportSettings(format: format, outputPath: output, failOn: threshold, exitZero: exitZero, allowFailedFiles: allowFailedFiles)
    }
}

extension OutputFormat: ExpressibleByArgument {}

/// Renders a report with the user's options and exits with the status the report calls for.
func finish(_ report: ScanReport, _ options: ReportOptions) throws -> Never {
    let settings = try options.settings()
    let status = try Output.deliver(report, settings: settings)
    throw ExitCode(status)
}

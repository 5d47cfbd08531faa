import ArgumentParser
import Findings
import TaintlineKit

struct ScanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "scan", abstract: "Scans a project: code, secrets and dependencies.")

    @Argument(help: "Files or folders to scan.")
    var paths: [String] = ["."]

    @OptionGroup var report: ReportOptions

    func run() throws {
        try finish(ScanReport(toolVersion: taintlineVersion, roots: paths), report)
    }
}

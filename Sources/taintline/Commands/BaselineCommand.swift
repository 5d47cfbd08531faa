import ArgumentParser
import Findings
import Foundation
import TaintlineKit

struct BaselineCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "baseline",
        abstract: "Writes a baseline of the current findings.",
        discussion: """
        Scans PATH... as 'taintline scan' does (same configuration, --select, --ignore, --severity and \
        --confidence) and writes every finding it would report to FILE: a JSON list of fingerprints, each \
        with its rule id, file and title, sorted so it reads and diffs well. Later scans given \
        '--baseline FILE' (or 'baseline = "FILE"' in the configuration) report only new findings; the \
        others are counted as suppressed by 'baseline'. A baseline configured for scans is not applied \
        while writing a new one.

        Exit status: 0 written; 2 usage, configuration or write error.
        """
    )

    @Argument(help: "Files or folders to scan.")
    var paths: [String] = ["."]

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the baseline.", valueName: "file"))
    var output: String

    @OptionGroup var filters: FilterOptions

    @OptionGroup var walk: WalkOptions

    func run() throws {
        let report = try runScan(paths: paths, options: filters, walk: walk)
        do {
            let settings = try ReportSettings.resolve(filters.request, roots: paths)
            let count = try Output.writeBaseline(report, settings: settings, to: output)
            var message = "taintline: wrote \(count) finding fingerprint\(count == 1 ? "" : "s") to \(output)\n"
            if !report.failedFiles.isEmpty {
                message += "taintline: warning: \(report.failedFiles.count) file(s) could not be analysed; their findings are not in the baseline\n"
            }
            FileHandle.standardError.write(Data(message.utf8))
        } catch {
            throw fail(error)
        }
    }
}

import Findings
import Foundation
import Reporting
import TaintlineKit
import Workspace

/// `scan`: the scan `taintline scan` runs (same pipeline, same configuration), on a path under
/// the root or on a snippet; the result is the JSON report (`scan --format json`).
enum ScanTool {
    static let tool = Tool(
        name: "scan", title: "Scan code for security problems",
        description: """
        Runs Taintline's security scan (injection, XSS, SSRF, broken access control, weak crypto, \
        insecure settings, hard-coded secrets, vulnerable dependencies, Dockerfiles) and returns the \
        findings: rule id, severity, confidence, CWE, OWASP category, location, the flow from request \
        data to the sink, the remedy and, where a rule has one, the fix as text edits. Give `code` to \
        check a snippet you wrote (scanned as a one-file project named `filename`, default snippet.py; \
        nothing is written to the project), or `path` (a file or folder relative to the project root; \
        default the whole project). The project's [tool.taintline] configuration applies. Secrets are \
        never returned whole, only in a redacted form.
        """,
        inputSchema: ToolSchemas.scanInput, outputSchema: ToolSchemas.scanOutput,
        run: { arguments, context in try run(arguments, context: context) })

    static func run(_ arguments: JSONValue, context: ToolContext) throws -> ToolResult {
        try arguments.onlyKeys(["path", "code", "filename", "severity", "confidence", "select", "ignore"])
        let path = try arguments.string("path")
        let code = try arguments.string("code")
        let filename = try arguments.string("filename")
        if path != nil && code != nil { throw ToolError("give either \"path\" or \"code\", not both") }
        if filename != nil && code == nil { throw ToolError("\"filename\" names a snippet: it needs \"code\"") }
        let request = ReportRequest(select: try arguments.strings("select"), ignore: try arguments.strings("ignore"),
                                    severity: try arguments.string("severity"), confidence: try arguments.string("confidence"))
        let report: ScanReport
        do {
            if let code {
                report = try scanSnippet(code, filename: filename ?? "snippet.py", request: request, context: context)
            } else {
                report = try scanPath(try context.resolve(path ?? "."), request: request)
            }
        } catch let error as ToolError {
            throw error
        } catch {
            // A bad configuration or selector: what `taintline scan` would print.
            throw ToolError("\(error)")
        }
        return ToolResult(text: summary(report), structured: JSONReporter.value(report))
    }

    /// One line per finding and the file counts: what the model reads first. The details (flow,
    /// remedy, fix edits) are in the JSON beside it; a full text report with code frames would
    /// say it all a second time, in tokens an assistant's output limit counts.
    static func summary(_ report: ScanReport) -> String {
        let counts = ReportSummary(report)
        let severities = counts.bySeverity.filter { $0.count > 0 }.map { "\($0.severity) \($0.count)" }
        var lines = ["\(counts.findingCount) finding\(counts.findingCount == 1 ? "" : "s")"
                     + (severities.isEmpty ? "" : " (\(severities.joined(separator: ", ")))")
                     + "; files: \(counts.scanned) scanned, \(counts.skipped.map(\.paths.count).reduce(0, +)) skipped, \(counts.failed.count) failed"]
        for finding in report.findings.sorted(by: Finding.reportOrder) {
            let location = finding.location
            let fix = finding.fix.map { " (fix: \($0.applicability.rawValue))" } ?? ""
            lines.append("\(location.file):\(location.startLine):\(location.startColumn): \(finding.ruleID) [\(finding.severity)] \(finding.title) (\(finding.cwe))\(fix)")
        }
        lines += counts.failed.map { "failed: \($0.path): \($0.reason)" }
        lines += counts.filteredGroups.map { "filtered out: \($0.count) \($0.what)" }
        lines += report.notices.map { "note: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The scan of a path `resolve` checked, with the configuration that applies to it.
    static func scanPath(_ path: String, request: ReportRequest) throws -> ScanReport {
        let settings = try ReportSettings.resolve(request, roots: [path])
        let options = WalkRequest().scanOptions(configuration: settings.configuration)
        return try Output.prepare(ScanPipeline.run(paths: [path], options: options), settings: settings)
    }

    /// The scan of `code` as the only file of a project, in a temporary folder removed afterwards,
    /// under the root's configuration; paths in the report are relative to that folder (`snippet.py`).
    static func scanSnippet(_ code: String, filename: String, request: ReportRequest, context: ToolContext) throws -> ScanReport {
        let components = filename.split(separator: "/", omittingEmptySubsequences: false)
        guard !filename.hasPrefix("/"), !components.isEmpty, !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }) else {
            throw ToolError("\"filename\" must be a relative file name such as app.py or app/views.py")
        }
        let configuration = try ConfigurationLoader.load(explicitPath: nil, noConfig: false, scanRoot: context.root)
        let manager = FileManager.default
        let folder = (NSTemporaryDirectory() as NSString).appendingPathComponent("taintline-mcp-\(UUID().uuidString)")
        defer { try? manager.removeItem(atPath: folder) }
        let file = (folder as NSString).appendingPathComponent(filename)
        try manager.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(code.utf8).write(to: URL(fileURLWithPath: file))
        let settings = try ReportSettings.resolve(request, configuration: configuration, roots: [folder])
        var walk = WalkRequest()
        // The folder is new each time: a cache entry for it could never be used again.
        walk.noCache = true
        let report = try Output.prepare(ScanPipeline.run(paths: [folder], options: walk.scanOptions(configuration: configuration)), settings: settings)
        return report.relocated(from: folder, to: filename)
    }
}

extension ScanReport {
    /// The report with paths under `folder` shown relative to it (the root itself as `name`).
    func relocated(from folder: String, to name: String) -> ScanReport {
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        func path(_ path: String) -> String {
            if path == folder { return name }
            return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        }
        func text(_ text: String) -> String { text.replacingOccurrences(of: prefix, with: "") }
        func location(_ location: Location) -> Location {
            var copy = location
            copy.file = path(location.file)
            return copy
        }
        func finding(_ original: Finding) -> Finding {
            var copy = original
            copy.location = location(original.location)
            copy.steps = original.steps.map { step in
                var step = step
                step.location = location(step.location)
                return step
            }
            copy.covers = original.covers.map(finding)
            copy.description = text(original.description)
            return copy
        }
        var copy = self
        copy.roots = roots.map(path)
        copy.findings = findings.map(finding)
        copy.suppressed = suppressed.map { entry in
            var entry = entry
            entry.finding = finding(entry.finding)
            return entry
        }
        copy.files = files.map { FileOutcome(path: path($0.path), status: $0.status) }
        copy.notices = notices.map(text)
        copy.redactions = Dictionary(redactions.map { (path($0.key), $0.value) }, uniquingKeysWith: +)
        return copy
    }
}

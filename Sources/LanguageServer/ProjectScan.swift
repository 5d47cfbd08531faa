import Findings
import Foundation
import Reporting
import TaintlineKit
import Workspace

/// An open document as the editor holds it.
struct OpenDocument: Sendable {
    var uri: String
    /// The absolute path of its file.
    var path: String
    var version: Int
    /// Its text (UTF-8), saved or not.
    var text: [UInt8]
}

/// What one scan of a workspace root found: the findings `taintline scan` run in that folder
/// would report (its configuration, suppressions, selection and baseline), with the open
/// documents' text in place of what is on disk.
struct RootScan: Sendable {
    var root: String
    /// By path relative to the root, as findings name their files; credentials masked, and no
    /// fix whose edits would show one.
    var findings: [String: [Finding]] = [:]
    /// The options the scan ran with (for reading a file's suppression comments as the scan does).
    var options: ScanOptions?
    /// Why the scan could not run (a bad configuration), for the user.
    var problem: String?
}

enum ProjectScan {
    /// Scans `root` as `taintline scan` does when run there without flags. The working folder
    /// becomes `root` (findings then name files relative to it, and per-path settings match as
    /// in a scan from the project's top), so scans must not run concurrently.
    static func run(root: String, documents: [OpenDocument]) -> RootScan {
        var scan = RootScan(root: root)
        guard FileManager.default.changeCurrentDirectoryPath(root) else {
            scan.problem = "cannot enter the workspace folder \(root)"
            return scan
        }
        do {
            let settings = try ReportSettings.resolve(ReportRequest(), roots: ["."])
            var options = WalkRequest().scanOptions(configuration: settings.configuration)
            for document in documents {
                guard let relative = relativePath(document.path, root: root) else { continue }
                // Saved documents are read from disk like any file, so the scan cache still serves.
                if (try? readFile(document.path)) != document.text { options.contents[relative] = document.text }
            }
            scan.options = options
            let report = try Output.prepare(ScanPipeline.run(paths: ["."], options: options), settings: settings)
            let masked = SecretMasking.masked(report)
            for (original, shown) in zip(report.findings, masked.findings) where !shown.location.isURL {
                var finding = shown
                if finding.fix != original.fix { finding.fix = nil }
                scan.findings[finding.location.file, default: []].append(finding)
            }
            if let problem = report.cache?.problem { ServerLog.write("note: \(problem)") }
        } catch {
            scan.problem = "\(error)"
        }
        return scan
    }

    /// The path of `path` below `root` (`app/views.py`), or nil when it is not below it.
    static func relativePath(_ path: String, root: String) -> String? {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard path.hasPrefix(prefix), path.count > prefix.count else { return nil }
        return String(path.dropFirst(prefix.count))
    }
}

import Findings
import Foundation
import Testing
import Reporting
@testable import TaintlineKit

/// `--diff-base` through the whole pipeline on throw-away git repositories: the whole project is
/// analysed, only findings on changed lines are reported, the rest is counted.
@Suite struct DiffBaseTests {
    /// A repository in a temporary folder, with git's identity and configuration its own.
    struct Repository {
        let path: String

        init() throws {
            path = NSTemporaryDirectory() + "taintline-diff-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            try git("init", "-q", "-b", "main")
        }

        func remove() { try? FileManager.default.removeItem(atPath: path) }

        @discardableResult
        func git(_ arguments: String...) throws -> String {
            let environment = ["PATH": "/usr/bin:/bin", "HOME": path, "GIT_CONFIG_NOSYSTEM": "1", "LC_ALL": "C",
                               "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.com",
                               "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.com"]
            let run = try Packaging.run("/usr/bin/git", arguments, cwd: path, environment: environment)
            guard run.status == 0 else { throw UsageError("git \(arguments.joined(separator: " ")) failed: \(run.output)") }
            return run.output
        }

        func write(_ name: String, _ text: String) throws {
            let file = path + "/" + name
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: file, atomically: true, encoding: .utf8)
        }

        func commitAll(_ message: String) throws {
            try git("add", "-A")
            try git("commit", "-q", "-m", message)
        }
    }

    /// The code findings a scan of the repository reports with `--diff-base base`, as "file:line rule".
    func scan(_ repository: Repository, base: String?) throws -> (shown: [String], report: ScanReport) {
        var options = ScanOptions()
        options.analyses = [.code]
        let report = ScanPipeline.run(paths: [repository.path], options: options)
        let settings = try ReportSettings.resolve(ReportRequest(noConfig: true, diffBase: base), roots: [repository.path])
        let prepared = try Output.prepare(report, settings: settings)
        let shown = prepared.findings.map { finding -> String in
            let file = String(finding.location.file.dropFirst(repository.path.count + 1))
            return "\(file):\(finding.location.startLine) \(finding.ruleID)"
        }
        return (shown, prepared)
    }

    static let app = """
    import subprocess
    from flask import Flask, request

    app = Flask(__name__)


    @app.route("/old")
    def old():
        return subprocess.check_output(request.args["cmd"], shell=True)


    @app.route("/run")
    def run():
        cmd = request.args["cmd"]
        return "ok"

    """

    @Test func onlyTheNewLinesFindingsAreReportedAndTheRestCounted() throws {
        let repository = try Repository()
        defer { repository.remove() }
        try repository.write("app.py", DiffBaseTests.app)
        try repository.commitAll("first")

        // Without --diff-base: the old command injection.
        #expect(try scan(repository, base: nil).shown == ["app.py:9 TL-B602"])

        // A change adding a vulnerable line; the flow's source (line 14) is on an unchanged line,
        // its sink on the new one.
        try repository.write("app.py", DiffBaseTests.app.replacingOccurrences(of: "    return \"ok\"\n", with: """
            subprocess.run(cmd, shell=True)
            return "ok"

        """))
        let (shown, report) = try scan(repository, base: "HEAD")
        #expect(shown == ["app.py:15 TL-B602"])
        let sink = try #require(report.findings.first)
        #expect(sink.steps.first?.location.startLine == 14, "the flow starts on the unchanged line: \(sink.steps)")
        let left = report.suppressed.filter { $0.mechanism == SuppressionMechanism.diff }
        #expect(left.map(\.finding.location.startLine) == [9])
        #expect(ReportSummary(report).filteredGroups.contains { $0.count == 1 && $0.what.contains("not on a line changed since HEAD") })

        // Committed, the change is still reported against the first commit; not against itself.
        try repository.commitAll("second")
        #expect(try scan(repository, base: "HEAD~1").shown == ["app.py:15 TL-B602"])
        #expect(try scan(repository, base: "HEAD").shown == [])
    }

    /// A new source feeding an old sink is a new problem: the finding is kept because a step of
    /// its flow is on a changed line, though its own location is not.
    @Test func aNewSourceIntoAnOldSinkIsReported() throws {
        let repository = try Repository()
        defer { repository.remove() }
        try repository.write("jobs.py", """
        import subprocess
        from flask import Flask, request

        app = Flask(__name__)


        @app.route("/run")
        def run():
            cmd = "uptime"
            return subprocess.check_output(cmd, shell=True)

        """)
        try repository.commitAll("first")
        #expect(try scan(repository, base: nil).shown.filter { $0.hasSuffix("TL-B602") } == ["jobs.py:10 TL-B602"])
        #expect(try scan(repository, base: "HEAD").shown == [])
        try repository.write("jobs.py", """
        import subprocess
        from flask import Flask, request

        app = Flask(__name__)


        @app.route("/run")
        def run():
            cmd = request.args["cmd"]
            return subprocess.check_output(cmd, shell=True)

        """)
        let (shown, _) = try scan(repository, base: "HEAD")
        #expect(shown.contains("jobs.py:10 TL-B602"), "\(shown)")
    }

    /// The base is the merge base of REF and HEAD: what the base branch did after the branch
    /// point (here, removing a vulnerable line the branch still has) is not the branch's change.
    /// Untracked files are new as a whole; files in folders and with spaces in their names map.
    @Test func theChangeIsTheBranchsOwnSinceTheMergeBasePlusUntrackedFiles() throws {
        let repository = try Repository()
        defer { repository.remove() }
        try repository.write("pkg/old views.py", DiffBaseTests.app)
        try repository.commitAll("first")
        try repository.git("checkout", "-q", "-b", "feature")
        try repository.git("checkout", "-q", "main")
        try repository.write("pkg/old views.py", DiffBaseTests.app.replacingOccurrences(
            of: "    return subprocess.check_output(request.args[\"cmd\"], shell=True)\n", with: "    return \"fixed\"\n"))
        try repository.commitAll("fix on main")
        try repository.git("checkout", "-q", "feature")
        try repository.write("pkg/new.py", """
        import os
        from flask import Flask, request

        app = Flask(__name__)


        @app.route("/x")
        def handler():
            os.system(request.args["x"])

        """)
        let (shown, _) = try scan(repository, base: "main")
        // Against main itself the unfixed line would look added; against the merge base it is not.
        #expect(shown.map { $0.components(separatedBy: " ")[0] }.allSatisfy { $0.hasPrefix("pkg/new.py:") }, "\(shown)")
        #expect(shown.contains { $0.hasPrefix("pkg/new.py:9 ") }, "\(shown)")

        // A changed line in a file whose name has a space.
        try repository.write("pkg/old views.py", DiffBaseTests.app + "\n\n@app.route(\"/x\")\ndef x():\n    return subprocess.check_output(request.args[\"y\"], shell=True)\n")
        let again = try scan(repository, base: "main").shown
        #expect(again.contains { $0.hasPrefix("pkg/old views.py:20 TL-B602") }, "\(again)")
        #expect(!again.contains { $0.hasPrefix("pkg/old views.py:9 ") }, "\(again)")
    }

    @Test func badBasesAreUsageErrors() throws {
        let repository = try Repository()
        defer { repository.remove() }
        func message(_ base: String, at path: String) -> String? {
            do {
                _ = try DiffBase.changedLines(base: base, directory: path)
                return nil
            } catch {
                #expect(error is UsageError)
                return "\(error)"
            }
        }
        // No commit yet.
        try repository.write("app.py", "x = 1\n")
        #expect(message("HEAD", at: repository.path)?.contains("unknown revision 'HEAD'") == true)
        try repository.commitAll("first")
        #expect(message("no-such-branch", at: repository.path)?.contains("unknown revision 'no-such-branch'") == true)
        #expect(message("--output=/tmp/x", at: repository.path)?.contains("is not a git revision") == true)
        // An unrelated history has no merge base.
        try repository.git("checkout", "-q", "--orphan", "other")
        try repository.commitAll("unrelated")
        #expect(message("main", at: repository.path)?.contains("no common history") == true)

        let outside = NSTemporaryDirectory() + "taintline-nogit-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: outside) }
        // (The temporary folder is in no repository.)
        #expect(message("HEAD", at: outside)?.contains("is not in a git repository") == true)
    }
}

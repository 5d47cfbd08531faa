import Findings
import Foundation
import Testing
@testable import TaintlineKit

/// `taintline scan --diff` and `--fix` on a small project, through the built binary: the diff
/// shows the safe fix and writes nothing, `--fix` writes only safe fixes, `--unsafe-fixes` the
/// rest, the fixed project scans clean, and a file that cannot be written back as it was read
/// (latin-1) is refused and left alone. The refusals that need a broken rule (a fix that would
/// not parse, a fix that leaves its finding) are checked on the pipeline with such fixes planted.
@Suite struct FixCommandTests {
    static let app = """
    import requests
    import yaml
    from flask import Flask

    app = Flask(__name__)


    def load_config(stream):
        return yaml.load(stream)


    def fetch(url):
        return requests.get(url)


    if __name__ == "__main__":
        app.run(debug=True)

    """

    static let safelyFixed = app.replacingOccurrences(of: "yaml.load(stream)", with: "yaml.safe_load(stream)")

    static let fullyFixed = """
    import requests
    import yaml
    from flask import Flask
    import os

    app = Flask(__name__)


    def load_config(stream):
        return yaml.safe_load(stream)


    def fetch(url):
        return requests.get(url, timeout=30)


    if __name__ == "__main__":
        app.run(debug=os.environ.get("FLASK_DEBUG") == "1")

    """

    /// Declared latin-1 and holding a latin-1 byte: fixes are only written to UTF-8 files.
    static let legacy: [UInt8] = Array("# -*- coding: latin-1 -*-\nimport yaml\nNAME = \"caf".utf8) + [0xE9]
        + Array("\"\nconfig = yaml.load(open(\"c.yml\"))\n".utf8)

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    func json(_ path: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
    }

    @Test func diffThenFixThenUnsafeFixesLeaveACleanProject() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Packaging.binary), "build the taintline product first (Scripts/test.sh does)")
        let dir = try Packaging.temporaryFolder("fix")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Self.app.write(toFile: dir + "/app.py", atomically: true, encoding: .utf8)
        try Data(Self.legacy).write(to: URL(fileURLWithPath: dir + "/legacy.py"))
        let base = ["scan", ".", "--quiet", "--no-config", "--skip", "dependencies"]

        // --diff: the safe fix as a patch, nothing written; findings remain, so exit 1.
        let diff = try Packaging.run(Packaging.binary, base + ["--diff", "--output", "fix.patch"], cwd: dir)
        #expect(diff.status == 1, "\(diff.output)")
        #expect(try read(dir + "/fix.patch") == """
        --- a/app.py
        +++ b/app.py
        @@ -6,7 +6,7 @@
         
         
         def load_config(stream):
        -    return yaml.load(stream)
        +    return yaml.safe_load(stream)
         
         
         def fetch(url):

        """)
        #expect(try read(dir + "/app.py") == Self.app)
        #expect(diff.output.contains("Fixes: 1 in the diff (not written) in 1 file (1 safe)"), "\(diff.output)")
        #expect(diff.output.contains("2 unsafe fixes not applied: --unsafe-fixes"), "\(diff.output)")
        #expect(diff.output.contains("legacy.py:4 TL-B506 (Use `yaml.safe_load`): the file is not UTF-8"), "\(diff.output)")

        // --fix: only the safe fix is written; the report is of what remains.
        let fix = try Packaging.run(Packaging.binary, base + ["--fix", "--format", "json", "--output", "report.json"], cwd: dir)
        #expect(fix.status == 1, "\(fix.output)")
        #expect(try read(dir + "/app.py") == Self.safelyFixed)
        #expect(try Data(contentsOf: URL(fileURLWithPath: dir + "/legacy.py")) == Data(Self.legacy))
        let report = try json(dir + "/report.json")
        let fixes = try #require(report["fixes"] as? [String: Any])
        #expect(fixes["written"] as? Bool == true)
        #expect((fixes["applied"] as? [[String: Any]])?.compactMap { $0["ruleId"] as? String } == ["TL-B506"])
        #expect(fixes["unsafeSkipped"] as? Int == 2)
        #expect(fixes["files"] as? [String] == ["app.py"])
        let remaining = try #require(report["findings"] as? [[String: Any]]).filter { ($0["location"] as? [String: Any])?["file"] as? String == "app.py" }
        #expect(remaining.compactMap { $0["ruleId"] as? String }.sorted() == ["TL-B113", "TL-B201"])
        #expect(remaining.allSatisfy { ($0["fix"] as? [String: Any])?["applicability"] as? String == "unsafe" })
        // No temporary file is left beside the fixed one.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.contains("taintline-fix") }
        #expect(left.isEmpty, "\(left)")

        // --fix --unsafe-fixes: the rest, with `import os` added where imports are.
        let unsafe = try Packaging.run(Packaging.binary, base + ["--fix", "--unsafe-fixes", "--exclude", "legacy.py"], cwd: dir)
        #expect(unsafe.status == 0, "\(unsafe.output)")
        #expect(unsafe.output.contains("Fixes: 2 applied in 1 file (2 unsafe)"), "\(unsafe.output)")
        #expect(try read(dir + "/app.py") == Self.fullyFixed)

        // A plain scan of the fixed project: nothing left in app.py.
        let rescan = try Packaging.run(Packaging.binary, base + ["--exclude", "legacy.py"], cwd: dir)
        #expect(rescan.status == 0 && rescan.output.contains("Findings: none"), "\(rescan.output)")
    }

    /// `fix = true` and `unsafe-fixes = true` in the configuration act as the flags do, and
    /// `--no-fix` / `--no-unsafe-fixes` beat them; a value that is not a boolean is a
    /// configuration error (status 2) naming the file, line and key.
    @Test func theConfigurationsFixSettingsAndTheFlagsThatOverrideThem() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Packaging.binary), "build the taintline product first (Scripts/test.sh does)")
        let dir = try Packaging.temporaryFolder("fix-config")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/.git", withIntermediateDirectories: true)
        try Self.app.write(toFile: dir + "/app.py", atomically: true, encoding: .utf8)
        let base = ["scan", ".", "--quiet", "--skip", "dependencies"]
        func configure(_ text: String) throws { try text.write(toFile: dir + "/.taintline.toml", atomically: true, encoding: .utf8) }

        try configure("fix = true\n")
        let overridden = try Packaging.run(Packaging.binary, base + ["--no-fix"], cwd: dir)
        #expect(overridden.status == 1 && !overridden.output.contains("Fixes:"), "\(overridden.output)")
        #expect(try read(dir + "/app.py") == Self.app, "--no-fix beats fix = true")
        let configured = try Packaging.run(Packaging.binary, base, cwd: dir)
        #expect(configured.output.contains("Fixes: 1 applied in 1 file (1 safe)"), "\(configured.output)")
        #expect(try read(dir + "/app.py") == Self.safelyFixed, "fix = true applies the safe fix")

        try configure("fix = true\nunsafe-fixes = true\n")
        let safeOnly = try Packaging.run(Packaging.binary, base + ["--no-unsafe-fixes"], cwd: dir)
        #expect(safeOnly.output.contains("2 unsafe fixes not applied: --unsafe-fixes"), "\(safeOnly.output)")
        #expect(try read(dir + "/app.py") == Self.safelyFixed, "--no-unsafe-fixes beats unsafe-fixes = true")
        let all = try Packaging.run(Packaging.binary, base, cwd: dir)
        #expect(all.status == 0 && all.output.contains("Fixes: 2 applied in 1 file (2 unsafe)"), "\(all.output)")
        #expect(try read(dir + "/app.py") == Self.fullyFixed)

        try configure("select = [\"ALL\"]\nfix = \"yes\"\n")
        let invalid = try Packaging.run(Packaging.binary, base, cwd: dir)
        #expect(invalid.status == 2, "\(invalid.output)")
        #expect(invalid.output.contains(".taintline.toml:2: configuration error: 'fix': must be true or false, not a string"), "\(invalid.output)")
    }

    /// Fixes of the same code (`mark_safe` around a `random` call, requests inside requests) land
    /// in rounds, each on the text the one before left; two imports are added in place.
    @Test func overlappingFixesLandInRounds() throws {
        try #require(FileManager.default.isExecutableFile(atPath: Packaging.binary), "build the taintline product first (Scripts/test.sh does)")
        let dir = try Packaging.temporaryFolder("fix-rounds")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try """
        import random
        import requests
        from django.utils.safestring import mark_safe


        def page(abc):
            token = mark_safe(f"<b>{random.choice(abc)}</b>")
            return requests.get(requests.get("https://a").text), token

        """.write(toFile: dir + "/views.py", atomically: true, encoding: .utf8)
        let run = try Packaging.run(Packaging.binary, ["scan", ".", "--quiet", "--no-config", "--fix", "--unsafe-fixes"], cwd: dir)
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("Fixes: 4 applied in 1 file (4 unsafe)"), "\(run.output)")
        #expect(try read(dir + "/views.py") == """
        import random
        import requests
        from django.utils.safestring import mark_safe
        from django.utils.html import format_html
        import secrets


        def page(abc):
            token = format_html("<b>{}</b>", secrets.choice(abc))
            return requests.get(requests.get("https://a", timeout=30).text, timeout=30), token

        """)
    }

    /// A fix whose result does not parse, and one after which the finding is still reported, are
    /// refused; the file keeps its bytes and the findings stay in the report.
    @Test func fixesThatBreakTheFileOrLeaveTheirFindingAreRefused() throws {
        let dir = try Packaging.temporaryFolder("fix-refused")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/loader.py"
        let text = "import yaml\n\n\ndef first(s):\n    return yaml.load(s)\n\n\ndef second(s):\n    return yaml.load(s)\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        var options = ScanOptions(jobs: 1)
        options.analyses = [.code]
        var report = ScanPipeline.run(paths: [dir], options: options)
        let found = report.findings.indices.filter { report.findings[$0].ruleID == "TL-B506" }
        try #require(found.count == 2 && report.findings[found[0]].fix != nil)
        // Plant what a broken rule would make: an unclosed call, and a change that keeps the call.
        let lines = LineIndex(Array(text.utf8))
        func call(_ finding: Finding) -> (TextPosition, TextPosition) {
            let start = lines.offset(line: finding.location.startLine, column: finding.location.startColumn)
            let end = lines.offset(line: finding.location.endLine, column: finding.location.endColumn)
            return (lines.position(start), lines.position(end))
        }
        let (firstStart, firstEnd) = call(report.findings[found[0]])
        report.findings[found[0]].fix = Fix(message: "broken", applicability: .safe,
                                            edits: [TextEdit(start: firstStart, end: firstEnd, replacement: "yaml.safe_load((s)")])
        let (secondStart, secondEnd) = call(report.findings[found[1]])
        report.findings[found[1]].fix = Fix(message: "cosmetic", applicability: .safe,
                                            edits: [TextEdit(start: secondStart, end: secondEnd, replacement: "yaml.load( s )")])
        let outcome = try Fixer.run(report, paths: [dir], options: options, settings: ReportSettings(), request: Fixer.Request(write: true, unsafeFixes: false))
        #expect(outcome.summary.applied.isEmpty)
        let reasons = outcome.summary.refused.map { "\($0.line): \($0.reason ?? "")" }
        #expect(reasons.count == 2)
        #expect(reasons.contains { $0.hasPrefix("5: the fixed code would not parse: ") }, "\(reasons)")
        #expect(reasons.contains("9: the finding is still reported after the fix"), "\(reasons)")
        #expect(try read(path) == text)
        #expect(outcome.diff.isEmpty)
        #expect(outcome.report.findings.filter { $0.ruleID == "TL-B506" }.count == 2)
    }
}

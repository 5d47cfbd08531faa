import Findings
import Foundation
import Testing
@testable import Reporting

/// Fixes in the HTML, Markdown and GitLab SAST reports: each fixable finding says it has a fix,
/// whether safe or unsafe, and shows the change as a diff of the lines it changes (from the file's
/// text, credentials redacted); the summary counts what `--fix` would do; GitLab's remediations
/// carry a diff that `git apply` takes.
@Suite struct FixDiffTests {
    static let key = "sk_live_HW3tq8ZrLw4VbN8cTeXk2p9QmZr7Lw4V"

    static let source = """
    import requests
    import yaml


    def load(stream):
        return yaml.load(stream)


    def fetch(url):
        return requests.get(url, headers={"Authorization": "\(key)"})

    """

    /// A finding of `rule` whose fix replaces the first `target` of `source` by `replacement`,
    /// with positions as the rules compute them.
    static func finding(_ rule: String, replacing target: String, with replacement: String, _ applicability: FixApplicability,
                        in source: String = source, file: String = "app.py") -> Finding {
        let bytes = Array(source.utf8)
        let range = source.range(of: target)!
        let from = source.utf8.distance(from: source.startIndex, to: range.lowerBound)
        let lines = LineIndex(bytes)
        let start = lines.position(from), end = lines.position(from + target.utf8.count)
        var finding = Fixtures.finding(rule, file: file, line: start.line, severity: .medium)
        finding.fingerprint = rule + String(start.line)
        finding.fix = Fix(message: "Replace `\(target)`", applicability: applicability, edits: [TextEdit(start: start, end: end, replacement: replacement)])
        return finding
    }

    static var yaml: Finding { finding("TL-B506", replacing: "yaml.load", with: "yaml.safe_load", .safe) }
    static var timeout: Finding { finding("TL-B113", replacing: "})", with: "}, timeout=30)", .unsafe) }

    static func report(_ findings: [Finding], secret: Bool = true) -> ScanReport {
        var report = ScanReport(toolVersion: "0.1.0", roots: ["."], findings: findings)
        if secret {
            // The credential on line 10, as the secrets analysis reports it.
            let line = source.split(separator: "\n", omittingEmptySubsequences: false)[9]
            let column = line.distance(from: line.startIndex, to: line.range(of: key)!.lowerBound) + 1
            report.redactions["app.py"] = [RedactedSpan(line: 10, startColumn: column, endColumn: column + key.count, secret: key)]
        }
        return report
    }

    static let texts = ["app.py": Array(source.utf8)]

    @Test func theDiffShowsOnlyTheChangedLines() throws {
        let diff = try #require(FixDiff.preview(Self.yaml, texts: Self.texts, secrets: [:]))
        #expect(diff == "@@ -6 +6 @@\n-    return yaml.load(stream)\n+    return yaml.safe_load(stream)\n")
        // With context, and the file lines, it is the diff `scan --diff` prints for this one fix.
        let full = try #require(FixDiff.render(Self.yaml, text: Self.texts["app.py"]!, context: 3))
        #expect(full.hasPrefix("--- a/app.py\n+++ b/app.py\n@@ -3,7 +3,7 @@\n \n \n def load(stream):\n-    return yaml.load(stream)\n"))
    }

    @Test func noDiffWithoutTheFileOrWhenItChangedSinceTheScan() {
        #expect(FixDiff.preview(Self.yaml, texts: [:], secrets: [:]) == nil)
        let edited = "# a new first line\n" + Self.source
        #expect(FixDiff.preview(Self.yaml, texts: ["app.py": Array(edited.utf8)], secrets: [:]) == nil)
        #expect(FixDiff.preview(Fixtures.finding("TL-B602", line: 2), texts: Self.texts, secrets: [:]) == nil)
    }

    @Test func markdownShowsEachFixWithItsSafetyAndDiffAndCountsThem() {
        let markdown = MarkdownReporter.render(Self.report([Self.yaml, Self.timeout, Fixtures.finding("TL-B602", line: 2)]), texts: Self.texts)
        #expect(markdown.contains("- **Fixes**: 1 fixable with `--fix` (1 more with `--unsafe-fixes`)\n"))
        #expect(markdown.contains("""
        **Autofix** (safe: `--fix` applies it): Replace `yaml.load`

        ```diff
        @@ -6 +6 @@
        -    return yaml.load(stream)
        +    return yaml.safe_load(stream)
        ```

        """))
        #expect(markdown.contains("**Autofix** (unsafe: `--fix --unsafe-fixes` applies it): Replace `})`"))
        #expect(markdown.components(separatedBy: "**Autofix**").count == 3, "the finding without a fix has none")
        let unsafe = MarkdownReporter.render(Self.report([Self.yaml, Self.timeout]), texts: Self.texts, unsafeFixes: true)
        #expect(unsafe.contains("- **Fixes**: 2 fixable with `--fix --unsafe-fixes`\n"))
        #expect(!MarkdownReporter.render(Self.report([Fixtures.finding("TL-B602", line: 2)])).contains("**Fixes**"))
        // Without the file's text the fix is still named, without a diff.
        let textless = MarkdownReporter.render(Self.report([Self.yaml]))
        #expect(textless.contains("**Autofix** (safe: `--fix` applies it)") && !textless.contains("```diff"))
    }

    @Test func htmlMarksFixableFindingsAndShowsTheDiffEscaped() {
        let html = HTMLReporter.render(Self.report([Self.yaml, Self.timeout]), options: .init(texts: Self.texts))
        #expect(html.contains("<li id=\"fixable\"><b>Fixes</b>: 1 fixable with <code>--fix</code> (1 more with <code>--unsafe-fixes</code>)</li>"))
        #expect(html.contains("data-fix=\"safe\"") && html.contains("data-fix=\"unsafe\""))
        #expect(html.contains("<span class=\"fixable fix-safe\" title=\"safe fix: --fix\">fix</span>"))
        #expect(html.contains("<p class=\"autofix\"><span class=\"fixable fix-unsafe\">unsafe fix</span> Replace `})` (<code>--fix --unsafe-fixes</code> applies it)</p>"))
        #expect(html.contains("""
        <pre class="diff"><span class="hunk">@@ -6 +6 @@</span>
        <span class="del">-    return yaml.load(stream)</span>
        <span class="add">+    return yaml.safe_load(stream)</span>
        </pre>
        """))
        // The diff's code is escaped like every other text on the page.
        #expect(html.contains("<span class=\"add\">+    return requests.get(url, headers={&quot;Authorization&quot;: "))
        let unsafe = HTMLReporter.render(Self.report([Self.yaml, Self.timeout]), options: .init(texts: Self.texts, unsafeFixes: true))
        #expect(unsafe.contains("<b>Fixes</b>: 2 fixable with <code>--fix --unsafe-fixes</code></li>"))
        #expect(!HTMLReporter.render(Self.report([Fixtures.shell]), options: .init()).contains("id=\"fixable\""))
    }

    /// A fix on a line that holds a credential shows the line redacted, as every other view of
    /// source does, in the removed and the added line; `--show-secrets` shows it as written.
    @Test func aFixOnASecretLineShowsTheRedactedText() throws {
        let report = Self.report([Self.timeout])
        let redacted = Redaction.redact(Self.key)
        let markdown = MarkdownReporter.render(report, texts: Self.texts)
        let html = HTMLReporter.render(report, options: .init(texts: Self.texts))
        for text in [markdown, html] {
            #expect(!text.contains(Self.key))
            #expect(text.contains(redacted))
        }
        #expect(markdown.contains("-    return requests.get(url, headers={\"Authorization\": \"\(redacted)\"})\n+    return requests.get(url, headers={\"Authorization\": \"\(redacted)\"}, timeout=30)\n"))
        #expect(MarkdownReporter.render(report, showSecrets: true, texts: Self.texts).contains(Self.key))
        #expect(HTMLReporter.render(report, options: .init(showSecrets: true, texts: Self.texts)).contains(Self.key))
    }
}

/// GitLab's `remediations`: one per fix, naming its vulnerability by id, with a diff `git apply` takes.
@Suite struct GitLabRemediationTests {
    static let start = Date(timeIntervalSince1970: 1_700_000_000)

    static func options(root: String = "/work/app", showSecrets: Bool = false) -> GitLabSASTReporter.Options {
        GitLabSASTReporter.Options(sourceRoot: root, showSecrets: showSecrets, startTime: start, endTime: start, texts: FixDiffTests.texts)
    }

    func document(_ report: ScanReport, _ options: GitLabSASTReporter.Options = options()) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(GitLabSASTReporter.render(report, options: options).utf8)) as? [String: Any])
    }

    func diff(_ remediation: [String: Any]) throws -> String {
        let encoded = try #require(remediation["diff"] as? String)
        return String(decoding: try #require(Data(base64Encoded: encoded)), as: UTF8.self)
    }

    @Test func eachFixIsARemediationOfItsVulnerability() throws {
        let report = FixDiffTests.report([FixDiffTests.yaml, Fixtures.shell], secret: false)
        let document = try document(report)
        #expect(GitLabSASTReporterTests().violations(document) == [])
        let remediations = try #require(document["remediations"] as? [[String: Any]])
        #expect(remediations.count == 1)
        let ids = (document["vulnerabilities"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let fixes = try #require(remediations[0]["fixes"] as? [[String: Any]])
        #expect(fixes.count == 1 && fixes[0]["id"] as? String == GitLabSASTReporter.uuid(FixDiffTests.yaml.fingerprint))
        #expect(ids.contains(fixes[0]["id"] as? String ?? ""))
        #expect(remediations[0]["summary"] as? String == "Replace `yaml.load` (safe fix: taintline scan --fix applies it)")
        #expect(try diff(remediations[0]).hasPrefix("--- a/app.py\n+++ b/app.py\n@@ -3,7 +3,7 @@\n"))
        // No fix, no remediations member.
        #expect(try self.document(FixDiffTests.report([Fixtures.shell], secret: false))["remediations"] == nil)
    }

    /// The decoded diff is a patch `git apply` takes at the project's root and that makes the fix.
    @Test func theDiffAppliesWithGitApply() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-gitlab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try FixDiffTests.source.write(to: folder.appendingPathComponent("app.py"), atomically: true, encoding: .utf8)
        let document = try document(FixDiffTests.report([FixDiffTests.yaml, FixDiffTests.timeout], secret: false), Self.options(root: folder.path))
        let remediations = try #require(document["remediations"] as? [[String: Any]])
        #expect(remediations.count == 2)
        for remediation in remediations {
            let patch = folder.appendingPathComponent("fix.patch")
            try diff(remediation).write(to: patch, atomically: true, encoding: .utf8)
            let (status, output) = try runProgram(["git", "apply", "--verbose", patch.path], in: folder)
            #expect(status == 0, "git apply failed: \(output)")
        }
        let fixed = try String(contentsOf: folder.appendingPathComponent("app.py"), encoding: .utf8)
        #expect(fixed.contains("return yaml.safe_load(stream)") && fixed.contains("}, timeout=30)"))
    }

    /// Masked, a diff would not apply; it is left out (and counted) unless `--show-secrets`.
    @Test func aDiffThatWouldShowACredentialIsLeftOut() throws {
        let report = FixDiffTests.report([FixDiffTests.yaml, FixDiffTests.timeout])
        let masked = try document(report)
        #expect(!GitLabSASTReporter.render(report, options: Self.options()).contains(FixDiffTests.key))
        let remediations = try #require(masked["remediations"] as? [[String: Any]])
        #expect(remediations.count == 1)
        #expect(!(try diff(remediations[0])).contains("requests.get"))
        let messages = ((masked["scan"] as? [String: Any])?["messages"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
        #expect(messages.contains("1 fix left out of the remediations: the diff would show a credential (--show-secrets puts it in)"))
        let shown = try document(report, Self.options(showSecrets: true))
        #expect((shown["remediations"] as? [[String: Any]])?.count == 2)
    }

    @Test func aFixWhoseFileIsMissingOrChangedIsLeftOutAndCounted() throws {
        var options = Self.options()
        options.texts = ["app.py": Array(("# edited\n" + FixDiffTests.source).utf8)]
        let document = try document(FixDiffTests.report([FixDiffTests.yaml], secret: false), options)
        #expect(document["remediations"] == nil)
        let messages = ((document["scan"] as? [String: Any])?["messages"] as? [[String: Any]] ?? []).compactMap { $0["value"] as? String }
        #expect(messages.contains { $0.hasPrefix("1 fix left out of the remediations: the file could not be read") })
    }
}

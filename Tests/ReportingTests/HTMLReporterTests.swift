import Findings
import Foundation
import Testing
@testable import Reporting

/// The HTML page: self-contained, escaped, masked, and working in a real browser.
@Suite struct HTMLReporterTests {
    static let secretLine = "STRIPE = \"sk_live_HW3tq8ZrLw4VbN8cTeXk2p9QmZr7Lw4V\"  # <b>not markup</b>"

    static func report() -> ScanReport {
        var report = Fixtures.report
        let secret = "sk_live_HW3tq8ZrLw4VbN8cTeXk2p9QmZr7Lw4V"
        let span = RedactedSpan(line: 1, startColumn: 11, endColumn: 11 + secret.count, secret: secret)
        report.findings.append(Finding(ruleID: "SECRET-STRIPE", title: "Stripe key <live>", severity: .critical, confidence: .high, owasp: .a07,
                                       cwe: CWE(798), location: Location(file: "app/keys.py", startLine: 1, startColumn: 11, endLine: 1, endColumn: 11 + secret.count),
                                       description: "A Stripe live key.", remediation: "Revoke it.", analysis: .secrets, snippet: secretLine, redactions: [span]))
        return report
    }

    static func html() -> String {
        HTMLReporter.render(report(), options: .init(sources: ["app/routes/auth.py": Fixtures.authSource, "app/keys.py": [secretLine]], texts: Fixtures.texts))
    }

    /// A flow finding's path steps are listed, in order and escaped, in HTML and Markdown.
    @Test func flowStepsAreShown() {
        var report = Self.report()
        var flow = Fixtures.finding("TL-WEB-PATH-TRAVERSAL", file: "app/views.py", line: 9)
        flow.steps = [FlowStep(location: Location(file: "app/views.py", startLine: 5), message: "`request.args[\"<f>\"]`: request data read"),
                      FlowStep(location: Location(file: "app/views.py", startLine: 9), message: "`name`")]
        report.findings.append(flow)
        let html = HTMLReporter.render(report, options: .init())
        #expect(html.contains("<h4>Path</h4><ol class=\"steps\"><li><code>app/views.py:5</code> `request.args[&quot;&lt;f&gt;&quot;]`: request data read</li><li><code>app/views.py:9</code> `name`</li></ol>"))
        let markdown = MarkdownReporter.render(report)
        #expect(markdown.contains("1. `app/views.py:5` `request.args[\"<f>\"]`: request data read\n2. `app/views.py:9` `name`"))
    }

    /// A path step quoting a line that holds a credential (`url = "...?key=<secret>&q=" + q`)
    /// is masked in every format, also for a step in another file, unless `--show-secrets`.
    @Test func flowStepsNeverShowASecret() {
        let secret = "sk_live_Qw7Er9Ty2Ui4Op6As8Df0Gh1Jk3Lz5Xc"
        var report = Fixtures.report
        report.redactions["app/clients.py"] = [RedactedSpan(line: 4, startColumn: 30, endColumn: 30 + secret.count, secret: secret)]
        var flow = Fixtures.finding("TL-WEB-SSRF", file: "app/views.py", line: 9)
        flow.steps = [FlowStep(location: Location(file: "app/views.py", startLine: 5), message: "`request.args[\"q\"]`: request data read"),
                      FlowStep(location: Location(file: "app/clients.py", startLine: 4), message: "`\"https://api.example/?key=\(secret)&q=\" + q`")]
        report.findings.append(flow)
        let outputs = [TextReporter.render(report), JSONReporter.render(report), SARIFReporter.render(report),
                       MarkdownReporter.render(report), HTMLReporter.render(report, options: .init())]
        for output in outputs { #expect(!output.contains(secret)) }
        #expect(JSONReporter.render(report, showSecrets: true).contains(secret))
    }

    @Test func isSelfContained() {
        let html = Self.html()
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<meta http-equiv=\"Content-Security-Policy\" content=\"\(HTMLReporter.contentSecurityPolicy)\">"))
        // Nothing is loaded: no external script, style sheet, image or frame; links (references) are only followed on a click.
        for load in ["<script src", "<link", "<img", "<iframe", "@import", "url(http", "src=\"http"] {
            #expect(!html.contains(load), "\(load)")
        }
        #expect(html.contains("<style>") && html.contains("<script>") && html.contains("<svg id=\"chart-severity\""))
    }

    @Test func hasSummaryChartsListAndFailedFiles() {
        let html = Self.html()
        for chart in ["chart-severity", "chart-owasp", "chart-cwe", "chart-analysis", "chart-folder"] {
            #expect(html.contains("<svg id=\"\(chart)\""), "\(chart)")
        }
        #expect(html.contains("data-label=\"app/routes\" data-count=\"1\""))
        #expect(html.contains("<b id=\"total\">6</b>"))
        #expect(html.components(separatedBy: "<tbody class=\"finding\"").count - 1 == 6)
        #expect(html.contains("<td><code>app/broken.py</code></td><td>not valid UTF-8 at byte 120</td>"))
        // The code frame underlines the flagged code; proof of concept, fix and references are there.
        #expect(html.contains("<span class=\"ln\">3 |</span>     cur.execute(<mark>&quot;SELECT * FROM users WHERE name = &#39;%s&#39;&quot; %</mark> user)"))
        #expect(html.contains("<pre class=\"poc\">POST /login HTTP/1.1"))
        #expect(html.contains("<pre class=\"fix\">cur.execute("))
        #expect(html.contains("<a href=\"https://cwe.mitre.org/data/definitions/89.html\""))
        // Worst first by default.
        let critical = html.range(of: "data-rule=\"SECRET-STRIPE\"")!.lowerBound, low = html.range(of: "data-rule=\"PROBE-CSP\"")!.lowerBound
        #expect(critical < low)
    }

    @Test func masksSecretsAndEscapesText() {
        let html = Self.html()
        #expect(!html.contains("sk_live_HW3tq8ZrLw4VbN8cTeXk2p9QmZr7Lw4V"))
        #expect(html.contains("sk_l…(40 chars, sha256:"))
        #expect(!html.contains("<b>not markup</b>") && html.contains("&lt;b&gt;not markup&lt;/b&gt;"))
        #expect(html.contains("Stripe key &lt;live&gt;"))
        let shown = HTMLReporter.render(Self.report(), options: .init(sources: ["app/keys.py": [Self.secretLine]], showSecrets: true))
        #expect(shown.contains("sk_live_HW3tq8ZrLw4VbN8cTeXk2p9QmZr7Lw4V"))
    }

    /// Chromium (Debian's `chromium` package, which Scripts/test.sh installs) loads the page, runs
    /// its script, filters and sorts from the URL fragment, and renders a screenshot.
    @Test func worksInAHeadlessBrowser() throws {
        guard let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"].first(where: FileManager.default.isExecutableFile) else {
            print("SKIPPED worksInAHeadlessBrowser: chromium is not installed (apt-get install chromium; Scripts/test.sh does it)")
            return
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-html-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = folder.appendingPathComponent("report.html")
        try Self.html().write(to: page, atomically: true, encoding: .utf8)

        func run(_ arguments: [String]) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: chromium)
            process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(folder.path)/profile"] + arguments
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let all = try run(["--dump-dom", page.absoluteString])
        #expect(all.contains("data-ready=\"1\""), "the script ran")
        #expect(all.contains("data-shown=\"6\""))
        let filtered = try run(["--dump-dom", page.absoluteString + "#q=cwe-89"])
        #expect(filtered.contains("data-shown=\"1\""), "filtered by text")
        #expect(filtered.contains("1 of 6 shown"))
        let fixable = try run(["--dump-dom", page.absoluteString + "#q=fix:unsafe"])
        #expect(fixable.contains("data-shown=\"1\""), "the finding with an unsafe fix, found by its kind of fix")
        #expect(fixable.contains("<pre class=\"diff\"><span class=\"hunk\">@@ -0,0 +1 @@</span>"))
        let severe = try run(["--dump-dom", page.absoluteString + "#sev=3"])
        #expect(severe.contains("data-shown=\"4\""), "High and above: two High, two Critical")
        let sorted = try run(["--dump-dom", page.absoluteString + "#sort=rule"])
        #expect(sorted.contains("data-sorted=\"rule:asc\""))
        let order = ["PROBE-CSP", "SECRET-AWS", "SECRET-STRIPE", "TL-B602", "TL-B608", "TL-DEBUG"].map { sorted.range(of: "data-rule=\"\($0)\"")?.lowerBound }
        #expect(!order.contains(nil) && order.map { $0! } == order.map { $0! }.sorted(), "rows moved in rule order")

        let screenshot = folder.appendingPathComponent("report.png")
        _ = try run(["--hide-scrollbars", "--window-size=1280,2000", "--screenshot=\(screenshot.path)", page.absoluteString + "#open=1"])
        let png = try Data(contentsOf: screenshot)
        #expect(png.count > 20_000 && png.starts(with: [0x89, 0x50, 0x4E, 0x47]), "a rendered page, not a blank one")
        if let keep = ProcessInfo.processInfo.environment["TAINTLINE_KEEP_SCREENSHOT"] { try? png.write(to: URL(fileURLWithPath: keep)) }
    }
}

/// Long lines, severity order, what was filtered out and how to see it, SARIF's rule list.
@Suite struct ReadableAtScaleTests {
    @Test func longLinesAreCutAroundTheFinding() {
        let line = String(repeating: "x = 1; ", count: 1300) + "eval(data)" + String(repeating: "; y = 2", count: 300)
        let column = line.count - 300 * 7 - 10 + 1
        let finding = Finding(ruleID: "TL-B307", title: "eval", severity: .high, confidence: .high, owasp: .a03, cwe: CWE(95),
                              location: Location(file: "min.py", startLine: 1, startColumn: column, endLine: 1, endColumn: column + 10),
                              description: "d", remediation: "r")
        let text = TextReporter.render(ScanReport(toolVersion: "0", roots: ["."], findings: [finding]), options: .init(sources: ["min.py": [line]]))
        let frame = text.split(separator: "\n").map(String.init)
        let source = frame.first { $0.hasPrefix("1 |") }!
        let carets = frame.first { $0.contains("^") }!
        #expect(source.count < 200, "\(source.count)")
        #expect(source.hasPrefix("1 | …") && source.hasSuffix("…"))
        let at = source.distance(from: source.startIndex, to: source.range(of: "eval(data)")!.lowerBound)
        #expect(carets.distance(from: carets.startIndex, to: carets.firstIndex(of: "^")!) == at, "the underline follows the cut")
        #expect(carets.filter { $0 == "^" }.count == 10)
        // Short lines are left alone.
        #expect(TextReporter.cut([.init(number: 1, text: "short", underline: (0, 5))], maxWidth: 160) == [.init(number: 1, text: "short", underline: (0, 5))])
    }

    @Test func severityOrderListsTheWorstFirst() {
        let report = Fixtures.report
        let text = TextReporter.render(report, options: .init(sort: .severity))
        let heads = text.split(separator: "\n").filter { $0.contains(" [") && $0.contains("]") && !$0.hasPrefix(" ") }
        #expect(heads.map { $0.split(separator: " ")[1] } == ["SECRET-AWS", "TL-B602", "TL-B608", "TL-DEBUG", "PROBE-CSP"], "\(heads)")
        let summary = ReportSummary(report).byRuleWorstFirst.map(\.ruleID)
        #expect(summary == ["SECRET-AWS", "TL-B602", "TL-B608", "TL-DEBUG", "PROBE-CSP"])
    }

    @Test func summarySaysWhatWasFilteredOutAndHowToSeeIt() {
        var report = Fixtures.report
        let findings = report.findings
        report.findings = []
        let optIn = RuleDescriptor(id: "TL-B403", name: "import-pickle", summary: "s", severity: .low, confidence: .high, owasp: .a08,
                                   cwe: CWE(502), analysis: .code, documentation: "", enabledByDefault: false)
        report.rules.append(optIn)
        var imports: [Finding] = []
        for line in 1...13 {
            imports.append(Finding(ruleID: "TL-B403", title: "import pickle", severity: .low, confidence: .high, owasp: .a08, cwe: CWE(502),
                                   location: Location(file: "m\(line).py", startLine: 1), description: "d", remediation: "r"))
        }
        report.findings = findings + imports
        let filtered = Filters.apply(report, settings: FilterSettings(minimumSeverity: .medium))
        let text = TextReporter.render(filtered)
        #expect(text.contains("  Filtered out: 14\n    13 findings of opt-in audit rules (1 rule: TL-B403): --select TL-B403\n    1 finding below severity Medium: --severity info\n"), "\(text)")
        #expect(!text.contains("(selection 13)"))
        let ignored = TextReporter.render(Filters.apply(Fixtures.report, settings: FilterSettings(ignore: [RuleSelector("A03")])))
        #expect(ignored.contains("2 findings ignored by 'A03' (2 rules: TL-B602, TL-B608): remove 'A03' from --ignore / ignore"), "\(ignored)")
        let markdown = MarkdownReporter.render(filtered)
        #expect(markdown.contains("- **Filtered out**: 14\n  - 13 findings of opt-in audit rules (1 rule: TL-B403): `--select TL-B403`\n"))
    }

    @Test func sarifListsOnlyRulesWithResultsAndThoseAskedFor() throws {
        var report = Fixtures.report
        report.findings = [Fixtures.sql]
        report.suppressed = []
        func ruleIDs(_ sarif: String) throws -> [String] {
            let object = try JSONSerialization.jsonObject(with: Data(sarif.utf8)) as! [String: Any]
            let run = (object["runs"] as! [[String: Any]])[0]
            let rules = ((run["tool"] as! [String: Any])["driver"] as! [String: Any])["rules"] as! [[String: Any]]
            return rules.map { $0["id"] as! String }
        }
        #expect(try ruleIDs(SARIFReporter.render(report)) == ["TL-B608"])
        let asked = Filters.namedRules(report.rules, settings: FilterSettings(select: [RuleSelector("B602"), RuleSelector("A03"), RuleSelector("TL-B608")]))
        #expect(asked == ["TL-B602", "TL-B608"])
        #expect(try ruleIDs(SARIFReporter.render(report, options: .init(requestedRules: asked))) == ["TL-B602", "TL-B608"])
    }
}

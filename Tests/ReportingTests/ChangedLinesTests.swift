import Findings
import Foundation
import Testing
@testable import Reporting

/// The `--diff-base` model: git's `--unified=0` output read into changed lines, and the filter
/// that keeps findings touching them.
@Suite struct ChangedLinesTests {
    func parse(_ text: String) -> [String: ChangedLines.Change] {
        var parser = ChangedLines.DiffParser()
        // Fed in odd-sized pieces, as a pipe hands them over.
        let bytes = Array(text.utf8)
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + 7)
            parser.feed(bytes[start..<end])
            start = end
        }
        return parser.finish()
    }

    @Test func hunksGiveTheNewSidesLines() {
        let files = parse("""
        diff --git a/app.py b/app.py
        index a4d8f37..d8e6fb6 100644
        --- a/app.py
        +++ b/app.py
        @@ -9,0 +10 @@ def run():
        +    subprocess.check_output(cmd, shell=True)
        @@ -20,2 +21,3 @@ def run():
        -old
        -old
        +new
        +new
        +new
        @@ -40,3 +43,0 @@
        -gone
        -gone
        -gone
        diff --git a/new.py b/new.py
        new file mode 100644
        index 0000000..1111111
        --- /dev/null
        +++ b/new.py
        @@ -0,0 +1,2 @@
        +a
        +b
        diff --git a/deleted.py b/deleted.py
        deleted file mode 100644
        --- a/deleted.py
        +++ /dev/null
        @@ -1,2 +0,0 @@
        -a
        -b
        diff --git a/old name.py b/renamed.py
        similarity index 100%
        rename from old name.py
        rename to renamed.py
        """)
        #expect(files["app.py"] == .lines([10...10, 21...23]))
        #expect(files["new.py"] == .lines([1...2]))
        #expect(files["deleted.py"] == nil)
        // A pure rename changes no line.
        #expect(files["renamed.py"] == nil)
        #expect(files.count == 2)
    }

    /// Inside a hunk, a removed `-- x` line prints as `--- x` and an added `++ x` as `+++ x`;
    /// they are content, not the next file's header.
    @Test func contentThatLooksLikeAHeaderIsContent() {
        let files = parse("""
        diff --git a/notes.md b/notes.md
        --- a/notes.md
        +++ b/notes.md
        @@ -3 +3,2 @@
        --- a removed line starting with two dashes
        +++ b/elsewhere.py
        +@@ -1 +1 @@
        \\ No newline at end of file
        """)
        #expect(files == ["notes.md": .lines([3...4])])
    }

    @Test func quotedAndSpacedNamesAreUnquoted() {
        let files = parse("""
        diff --git a/with space.py b/with space.py
        --- a/with space.py
        +++ b/with space.py\t
        @@ -1 +1 @@
        -x
        +y
        diff --git "a/tab\\there.py" "b/tab\\there.py"
        --- "a/tab\\there.py"
        +++ "b/tab\\there.py"
        @@ -1 +1 @@
        -x
        +y
        diff --git "a/caf\\303\\251.py" "b/caf\\303\\251.py"
        --- "a/caf\\303\\251.py"
        +++ "b/caf\\303\\251.py"
        @@ -2 +2 @@
        -x
        +y
        """)
        #expect(files["with space.py"] == .lines([1...1]))
        #expect(files["tab\there.py"] == .lines([1...1]))
        #expect(files["café.py"] == .lines([2...2]))
    }

    @Test func untrackedFilesAreWhollyNew() {
        let listing = Data("fresh.py\u{0}sub/dir/x.py\u{0}".utf8)
        #expect(ChangedLines.untracked(listing) == ["fresh.py": .wholeFile, "sub/dir/x.py": .wholeFile])
    }

    @Test func containsMatchesOverlapsOnly() {
        let changes = ChangedLines(base: "main", commit: "c", repositoryRoot: "/repo",
                                   files: ["a.py": .lines([3...4, 10...10, 20...25]), "b.py": .wholeFile, "c.py": .lines([])])
        #expect(changes.contains("a.py", lines: 3...3))
        #expect(changes.contains("a.py", lines: 4...9))
        #expect(changes.contains("a.py", lines: 1...3))
        #expect(!changes.contains("a.py", lines: 5...9))
        #expect(!changes.contains("a.py", lines: 11...19))
        #expect(changes.contains("a.py", lines: 25...30))
        #expect(!changes.contains("a.py", lines: 26...30))
        #expect(!changes.contains("a.py", lines: 1...2))
        // A finding about the whole file counts when the file changed at all.
        #expect(changes.contains("a.py", lines: nil))
        #expect(!changes.contains("c.py", lines: nil))
        #expect(changes.contains("b.py", lines: 999...999))
        #expect(!changes.contains("elsewhere.py", lines: 1...1))
    }

    @Test func mergedJoinsOverlappingAndAdjacentRanges() {
        #expect(ChangedLines.merged([5...6, 1...2, 3...4, 10...12, 11...11, 14...15]) == [1...6, 10...12, 14...15])
    }

    func finding(_ file: String, _ line: Int, steps: [(String, Int)] = [], id: String = "TL-B602") -> Finding {
        var finding = Finding(ruleID: id, title: "t", severity: .high, confidence: .high, owasp: .a03, cwe: CWE(78),
                              location: Location(file: file, startLine: line), description: "", remediation: "", analysis: .code,
                              fingerprint: "\(file):\(line)")
        finding.steps = steps.map { FlowStep(location: Location(file: $0.0, startLine: $0.1), message: "step") }
        return finding
    }

    /// Paths as the reports carry them: a finding's file relative to the working directory (the
    /// root the user gave joined with the path below it), a step's relative to the scan root.
    @Test func applyKeepsFindingsTouchingChangedLinesAndCountsTheRest() throws {
        let repository = NSTemporaryDirectory() + "taintline-changed-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: repository + "/src/pkg", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: repository) }
        for name in ["src/pkg/views.py", "src/pkg/old.py", "src/new.py"] {
            try "".write(toFile: repository + "/" + name, atomically: true, encoding: .utf8)
        }
        let root = try #require(realpath(repository, nil).map { pointer in defer { free(pointer) }; return String(cString: pointer) })
        let changes = ChangedLines(base: "origin/main", commit: "abc", repositoryRoot: root,
                                   files: ["src/pkg/views.py": .lines([10...12]), "src/new.py": .wholeFile])
        let report = ScanReport(toolVersion: "0", roots: ["src"], findings: [
            finding("src/pkg/views.py", 11),                                   // on a changed line
            finding("src/pkg/views.py", 30),                                   // not
            finding("src/pkg/views.py", 40, steps: [("pkg/views.py", 12), ("pkg/views.py", 40)]), // its source is new
            finding("src/pkg/old.py", 3, steps: [("pkg/old.py", 1)]),         // unchanged file
            finding("src/new.py", 7),                                          // untracked file
            finding("https://app.example/login", 0, id: "PROBE-CSP"),           // at a URL: no line to judge
            finding("/elsewhere/outside.py", 1),                               // outside the repository
        ])
        let filtered = changes.apply(to: report, workingDirectory: root)
        #expect(filtered.findings.map { "\($0.location.file):\($0.location.startLine)" }
            == ["src/pkg/views.py:11", "src/pkg/views.py:40", "src/new.py:7", "https://app.example/login:0"])
        #expect(filtered.suppressed.map { "\($0.finding.location.file):\($0.finding.location.startLine)" }
            == ["src/pkg/views.py:30", "src/pkg/old.py:3", "/elsewhere/outside.py:1"])
        #expect(filtered.suppressed.allSatisfy { $0.mechanism == SuppressionMechanism.diff && $0.reason == "not on a line changed since origin/main" })

        // The summary says how many the diff left out and how to see them.
        let summary = ReportSummary(filtered)
        #expect(summary.filteredByMechanism.map(\.mechanism) == ["diff"])
        #expect(summary.filteredCount == 3)
        #expect(summary.filteredGroups == [ReportSummary.FilteredGroup(
            count: 3, what: "findings not on a line changed since origin/main (--diff-base)", howToSee: "run without --diff-base")])
        let text = TextReporter.render(filtered, options: TextReporter.Options(color: false))
        #expect(text.contains("Filtered out: 3"))
        #expect(text.contains("3 findings not on a line changed since origin/main (--diff-base): run without --diff-base"))
        // SARIF leaves filtered findings out, as it does for the other filters.
        let sarif = SARIFReporter.render(filtered)
        #expect(sarif.components(separatedBy: "\"ruleId\"").count - 1 == 4)
    }
}

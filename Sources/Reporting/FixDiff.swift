import Findings

/// One finding's fix as a unified diff of its file, for the reports that show fixes (HTML and
/// Markdown with no context, GitLab's remediations with enough for `git apply`). A pure function
/// of the finding and the file's text as the scan read it; the same `FixApplier` as `scan --fix`
/// makes the change, and `UnifiedDiff` masks credentials as the `--diff` output does.
public enum FixDiff {
    /// The diff, or nil when the finding has no fix or its edits do not describe `text` (the file
    /// changed since the scan: an edit's offset no longer falls on its line and column).
    /// - Parameters:
    ///   - text: the file's decoded text, after any byte-order mark (`SourceLines.texts`).
    ///   - path: the name the `---`/`+++` lines give the file.
    ///   - secrets: credential spans of the file, masked in every line shown.
    public static func render(_ finding: Finding, text: [UInt8], path: String? = nil, context: Int = 0, secrets: [RedactedSpan] = []) -> String? {
        guard let fix = finding.fix, fits(fix, text) else { return nil }
        let application = FixApplier.apply([fix], to: text)
        guard application.applied == [0] else { return nil }
        let diff = UnifiedDiff.render(path: path ?? finding.location.file, before: text, after: application.text, context: context, secrets: secrets)
        return diff.isEmpty ? nil : diff
    }

    /// Do the fix's edits point where their lines and columns say, in this text?
    static func fits(_ fix: Fix, _ text: [UInt8]) -> Bool {
        let lines = LineIndex(text)
        return fix.edits.allSatisfy { edit in
            [edit.start, edit.end].allSatisfy { $0.offset <= text.count && lines.position($0.offset) == $0 }
        }
    }

    /// The hunks alone (`@@` lines and the changed lines), without the `---`/`+++` file lines:
    /// what a report shows under a finding that already names its file.
    public static func hunks(_ diff: String) -> String {
        var lines = diff.split(separator: "\n", omittingEmptySubsequences: false)
        if lines.count >= 2, lines[0].hasPrefix("--- "), lines[1].hasPrefix("+++ ") { lines.removeFirst(2) }
        return lines.joined(separator: "\n")
    }

    /// The hunks of a finding's fix with no context, as the HTML and Markdown reports show it
    /// under the finding; nil without a fix, without its file's text, or when the file changed.
    /// `secrets` are the report's credential spans by file (empty with `--show-secrets`).
    public static func preview(_ finding: Finding, texts: [String: [UInt8]], secrets: [String: [RedactedSpan]]) -> String? {
        guard finding.fix != nil, let text = texts[finding.location.file] else { return nil }
        return render(finding, text: text, secrets: secrets[finding.location.file] ?? []).map(hunks)
    }

    /// The command that applies a fix of this kind.
    public static func command(_ applicability: FixApplicability) -> String {
        applicability == .safe ? "--fix" : "--fix --unsafe-fixes"
    }
}

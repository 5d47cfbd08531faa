import Findings

/// The terminal view: one code frame per finding, then a grouped summary.
public enum TextReporter {
    /// What the text view needs besides the report.
    public struct Options: Sendable {
        /// ANSI colours; the caller decides (TTY, `NO_COLOR`, `--output`).
        public var color: Bool
        /// Source lines by `Location.file`, for the code frames; a finding whose file is missing
        /// here falls back to its `snippet`.
        public var sources: [String: [String]]
        /// Lines of context shown above and below the flagged lines.
        public var contextLines: Int
        /// Print credentials in code frames as written (`--show-secrets`); by default every
        /// credential the report knows of is masked on every line a frame shows.
        public var showSecrets: Bool
        /// Source lines wider than this are cut around the finding in code frames (0: never).
        public var maxLineWidth: Int
        /// The order of the findings (`--sort`).
        public var sort: FindingOrder
        /// `--unsafe-fixes`: unsafe fixes count as applicable (marked `[*]` like safe ones).
        public var unsafeFixes: Bool

        public init(color: Bool = false, sources: [String: [String]] = [:], contextLines: Int = 1, showSecrets: Bool = false,
                    maxLineWidth: Int = 160, sort: FindingOrder = .location, unsafeFixes: Bool = false) {
            self.unsafeFixes = unsafeFixes
            self.color = color
            self.sources = sources
            self.contextLines = contextLines
            self.showSecrets = showSecrets
            self.maxLineWidth = maxLineWidth
            self.sort = sort
        }
    }

    /// Whether the text view should use colour: `forced` (`--color always/never`) decides when
    /// given; otherwise only on a terminal, never into a file, and never when `NO_COLOR` is set to
    /// a non-empty value (no-color.org) or `TERM` is `dumb`.
    public static func wantsColor(forced: Bool?, writingToFile: Bool, isTerminal: Bool, environment: [String: String]) -> Bool {
        if let forced { return forced }
        if writingToFile || !isTerminal { return false }
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        return environment["TERM"] != "dumb"
    }

    /// The whole report as terminal text.
    public static func render(_ report: ScanReport, options: Options = Options()) -> String {
        let paint = Paint(enabled: options.color)
        let spans = options.showSecrets ? [:] : SecretMasking.spansByFile(report)
        let report = options.showSecrets ? report : SecretMasking.masked(report)
        var out = ""
        for finding in options.sort.sorted(report.findings) {
            out += renderFinding(finding, options: options, paint: paint, secrets: spans[finding.location.file] ?? [])
            out += "\n"
        }
        out += renderSummary(ReportSummary(report), paint: paint, unsafeFixes: options.unsafeFixes)
        return out
    }

    /// One finding; `secrets` are the credential spans of its file (sorted by line, as
    /// `SecretMasking.spansByFile` gives them), masked in the frame.
    static func renderFinding(_ finding: Finding, options: Options, paint: Paint, secrets: [RedactedSpan] = []) -> String {
        let location = finding.location
        var out = ""
        // URLs (probe) and whole-file findings (a lock file, a project setting) have no line.
        let place = location.isURL || location.startLine < 1 ? location.file : "\(location.file):\(location.startLine):\(location.startColumn)"
        // `[*]`: `scan --fix` (with `--unsafe-fixes` for an unsafe fix) rewrites this one, as ruff marks it.
        let fixable = finding.fix.map { $0.applicability == .safe || options.unsafeFixes } ?? false
        out += paint.bold(place) + ": " + paint.severity(finding.severity, "\(finding.ruleID) [\(finding.severity)]") + (fixable ? " " + paint.green("[*]") : "")
            + " " + finding.title + "\n"

        let frame = codeFrame(finding, options: options, paint: paint, secrets: secrets)
        out += frame
        let gutter = frame.isEmpty ? "  " : String(repeating: " ", count: gutterWidth(finding, options: options) + 1)
        var facts = ["confidence \(finding.confidence)", finding.owasp.rawValue, finding.cwe.description]
        if let scope = location.enclosingScope { facts.insert("in \(scope)", at: 0) }
        out += gutter + paint.dim("= ") + paint.dim(facts.joined(separator: " · ")) + "\n"
        for (index, line) in finding.description.lines().enumerated() {
            out += gutter + (index == 0 ? paint.dim("= ") : "  ") + line + "\n"
        }
        if !finding.covers.isEmpty {
            out += gutter + paint.dim("= ") + paint.dim("also reported by " + coveredLine(finding)) + "\n"
        }
        // A flow's path: one line per step, source first.
        for (index, step) in finding.steps.enumerated() {
            let place = (step.location.file == finding.location.file ? "" : step.location.file + ":") + "\(step.location.startLine)"
            out += gutter + (index == 0 ? paint.dim("= ") + paint.cyan("path: ") : "        ") + paint.dim("\(index + 1). \(place) ") + step.message + "\n"
        }
        for (index, line) in finding.remediation.lines().enumerated() {
            out += gutter + (index == 0 ? paint.dim("= ") + paint.green("fix: ") : "       ") + line + "\n"
        }
        if let fix = finding.fixSnippet, !fix.isEmpty {
            for line in fix.lines() {
                out += gutter + "       " + paint.green(String(line)) + "\n"
            }
        }
        if let fix = finding.fix {
            let how = fix.applicability == .safe ? "safe: --fix applies it" : "unsafe: --fix --unsafe-fixes applies it"
            out += gutter + paint.dim("= ") + paint.green("autofix: ") + fix.message + paint.dim(" (\(how))") + "\n"
        }
        if let proof = finding.proofOfConcept, !proof.isEmpty {
            for (index, line) in proof.lines().enumerated() {
                if line.isEmpty { out += "\n"; continue }  // the blank line before a request body
                out += gutter + (index == 0 ? paint.dim("= ") + paint.yellow("proof: ") : "         ") + line + "\n"
            }
        }
        return out
    }

    /// "TL-B105 (Possible hardcoded password string)": the rules merged into a finding.
    static func coveredLine(_ finding: Finding) -> String {
        finding.covers.map { "\($0.ruleID) (\($0.title))" }.joined(separator: ", ")
    }

    /// The flagged lines (at most `maxFlagged`), with context, numbered, and underlined.
    static let maxFlagged = 6

    /// The lines a frame shows: from the source file when we have it, else the snippet
    /// (whose first line is the finding's start line).
    static func frameLines(_ finding: Finding, options: Options) -> (first: Int, lines: [String], fromSource: Bool)? {
        let location = finding.location
        guard location.startLine >= 1 else { return nil }
        if !location.isURL, let source = options.sources[location.file], location.startLine <= source.count {
            return (1, source, true)
        }
        guard let snippet = finding.snippet, !snippet.isEmpty else { return nil }
        let lines = snippet.lines().map { String($0) }
        return (location.startLine, lines, false)
    }

    /// A snippet may be the whole line (indentation kept) or just the flagged code; columns only
    /// make sense in the first case, so an unindented snippet of an indented finding is underlined whole.
    static func columnsApply(_ finding: Finding, fromSource: Bool, lines: [String]) -> Bool {
        if fromSource { return true }
        guard let first = lines.first else { return false }
        let indented = first.first == " " || first.first == "\t"
        return indented || finding.location.startColumn <= 1
    }

    static func gutterWidth(_ finding: Finding, options: Options) -> Int {
        let last = finding.location.endLine + options.contextLines
        return String(max(last, finding.location.startLine)).count
    }

    /// One line of a code frame as shown: its number, its text (credentials masked, tabs expanded,
    /// cut when very long) and the display columns to underline, if it is flagged.
    struct FrameRow: Equatable {
        var number: Int
        var text: String
        var underline: (offset: Int, length: Int)?

        static func == (a: FrameRow, b: FrameRow) -> Bool {
            a.number == b.number && a.text == b.text && a.underline?.offset == b.underline?.offset && a.underline?.length == b.underline?.length
        }
    }

    /// The rows of a finding's frame, or `nil` when it has no lines to show; `more` when the
    /// flagged lines go on past those shown. Shared by the text and HTML views.
    static func frameRows(_ finding: Finding, options: Options, secrets: [RedactedSpan] = []) -> (rows: [FrameRow], more: Bool)? {
        let location = finding.location
        guard let (first, lines, fromSource) = frameLines(finding, options: options) else { return nil }
        let lastAvailable = first + lines.count - 1
        let flaggedEnd = min(max(location.endLine, location.startLine), lastAvailable, location.startLine + maxFlagged - 1)
        let context = fromSource ? options.contextLines : 0
        let shownStart = max(first, location.startLine - context)
        let shownEnd = min(lastAvailable, flaggedEnd + context)
        guard shownStart <= shownEnd, location.startLine <= lastAvailable else { return nil }
        // Only the credentials on the lines shown (`secrets` are sorted by line), so a file of many
        // secrets does not cost each frame a look at all of them.
        let nearby = Array(SecretMasking.spans(secrets, onLines: shownStart...shownEnd))
        var rows: [FrameRow] = []
        for number in shownStart...shownEnd {
            let raw = lines[number - first]
            // Lines read from the file are masked here; a snippet was masked with the report.
            let (shown, columns) = fromSource && !nearby.isEmpty
                ? RedactedSpan.mask(line: raw, number: number, nearby) : (raw, Array(0...raw.count))
            let (display, widths) = expandTabs(shown)
            var row = FrameRow(number: number, text: display, underline: nil)
            if number >= location.startLine, number <= flaggedEnd {
                let spanLocation = columnsApply(finding, fromSource: fromSource, lines: lines)
                    ? location : Location(file: location.file, startLine: location.startLine, endLine: location.endLine)
                let (rawFrom, rawTo) = underlineSpan(line: number, location: spanLocation, widths: expandTabs(raw).1, characters: Array(raw))
                let from = min(columns[min(rawFrom, columns.count - 1)], widths.count)
                let to = min(max(from, columns[min(rawTo, columns.count - 1)]), widths.count)
                if rawTo > rawFrom {
                    row.underline = (widths[..<from].reduce(0, +), max(1, widths[from..<to].reduce(0, +)))
                }
            }
            rows.append(row)
        }
        return (cut(rows, maxWidth: options.maxLineWidth), flaggedEnd < location.endLine)
    }

    /// Lines longer than `maxWidth` cut to a window around the finding (its first underlined
    /// column), marked with `…` where text was left out; underlines follow. A minified 9 KB line
    /// shows the part that matters, not the whole line with a caret at column 9,237.
    static func cut(_ rows: [FrameRow], maxWidth: Int) -> [FrameRow] {
        guard maxWidth > 0, rows.contains(where: { $0.text.count > maxWidth }) else { return rows }
        let anchor = rows.first(where: { $0.underline != nil })?.underline?.offset ?? 0
        return rows.map { row in
            let characters = Array(row.text)
            guard characters.count > maxWidth else { return row }
            let start = max(0, min(anchor - maxWidth / 4, characters.count - maxWidth))
            let end = min(characters.count, start + maxWidth)
            let lead = start > 0 ? "…" : ""
            var copy = row
            copy.text = lead + String(characters[start..<end]) + (end < characters.count ? "…" : "")
            if let (offset, length) = row.underline {
                let from = max(offset, start), to = min(offset + length, end)
                copy.underline = to > from ? (from - start + lead.count, to - from) : nil
            }
            return copy
        }
    }

    static func codeFrame(_ finding: Finding, options: Options, paint: Paint, secrets: [RedactedSpan] = []) -> String {
        guard let (rows, more) = frameRows(finding, options: options, secrets: secrets) else {
            guard let snippet = finding.snippet, !snippet.isEmpty else { return "" }
            // A URL finding's snippet (a response header, say) is shown as it is.
            return snippet.lines().map { "  | " + $0 + "\n" }.joined()
        }
        let width = gutterWidth(finding, options: options)
        let blank = String(repeating: " ", count: width) + " " + paint.blue("|") + "\n"
        var out = blank
        for row in rows {
            let numberText = String(repeating: " ", count: width - String(row.number).count) + String(row.number)
            out += paint.blue(numberText + " |") + (row.text.isEmpty ? "" : " " + row.text) + "\n"
            if let (offset, length) = row.underline {
                out += String(repeating: " ", count: width) + " " + paint.blue("|") + " "
                    + String(repeating: " ", count: offset) + paint.severity(finding.severity, String(repeating: "^", count: length)) + "\n"
            }
        }
        if more {
            out += String(repeating: " ", count: width) + " " + paint.blue("|") + " ...\n"
        }
        out += blank
        return out
    }

    /// Character index range `[from, to)` of a line to underline. Columns are 1-based and the end
    /// column is exclusive (as in SARIF); a location without columns (start == end on one line)
    /// underlines the line's text without its indentation.
    static func underlineSpan(line: Int, location: Location, widths: [Int], characters: [Character]) -> (Int, Int) {
        let count = characters.count
        let firstText = characters.firstIndex(where: { $0 != " " && $0 != "\t" }) ?? count
        var lastText = count
        while lastText > firstText, characters[lastText - 1] == " " || characters[lastText - 1] == "\t" || characters[lastText - 1] == "\r" { lastText -= 1 }
        let oneLine = location.startLine == location.endLine
        let noColumns = (location.startColumn <= 1 && location.endColumn <= 1) || (oneLine && location.endColumn <= location.startColumn)
        if noColumns {
            if oneLine, location.startColumn > 1 { let from = min(location.startColumn - 1, count); return (from, min(from + 1, count)) }
            return (firstText, lastText)
        }
        let from = line == location.startLine ? min(max(location.startColumn - 1, 0), count) : firstText
        let to = line == location.endLine ? min(max(location.endColumn - 1, from), count) : lastText
        return (from, max(to, from))
    }

    /// The line with tabs as four spaces, and each character's display width.
    static func expandTabs(_ line: String) -> (String, [Int]) {
        var display = ""
        var widths: [Int] = []
        for character in line {
            if character == "\t" {
                display += "    "
                widths.append(4)
            } else if character == "\r" {
                widths.append(0)
            } else {
                display.append(character)
                widths.append(1)
            }
        }
        return (display, widths)
    }

    static func renderSummary(_ summary: ReportSummary, paint: Paint, unsafeFixes: Bool = false) -> String {
        var out = paint.bold("Summary") + "\n"
        if summary.findingCount == 0 {
            out += "  Findings: none\n"
        } else {
            let bySeverity = summary.bySeverity.filter { $0.count > 0 }.map { paint.severity($0.severity, "\($0.severity) \($0.count)") }
            out += "  Findings: \(summary.findingCount) (" + bySeverity.joined(separator: ", ") + ")\n"
            out += "  By rule:\n"
            let idWidth = summary.byRule.map(\.ruleID.count).max() ?? 0
            let nameWidth = summary.byRule.map { ($0.name ?? "").count }.max() ?? 0
            for rule in summary.byRuleWorstFirst {
                let id = rule.ruleID + String(repeating: " ", count: idWidth - rule.ruleID.count)
                let name = (rule.name ?? "") + String(repeating: " ", count: nameWidth - (rule.name ?? "").count)
                out += "    " + paint.severity(rule.severity, id) + "  " + name + "  \(rule.count)\n"
            }
        }
        var files = "  Files: \(summary.scanned) scanned"
        if !summary.partial.isEmpty { files += " (\(summary.partial.count) partial: syntax errors)" }
        files += ", \(summary.skippedCount) skipped, \(summary.failed.count) failed\n"
        out += files
        for group in summary.skipped {
            out += "    skipped \(group.paths.count): \(group.reason)\n"
        }
        for path in summary.partial {
            out += "    partial: \(path)\n"
        }
        for failure in summary.failed {
            out += "    " + paint.red("failed") + ": \(failure.path): \(failure.reason)\n"
        }
        if summary.suppressedCount > 0 {
            out += "  Suppressed: \(summary.suppressedCount) (" + ReportSummary.mechanismLine(summary.suppressedByMechanism) + ")\n"
        }
        if summary.filteredCount > 0 {
            out += "  Filtered out: \(summary.filteredCount)\n"
            for group in summary.filteredGroups { out += "    \(group.count) \(group.what): " + paint.bold(group.howToSee) + "\n" }
        }
        out += renderFixes(summary, paint: paint, unsafeFixes: unsafeFixes)
        if let database = summary.advisoryDatabase {
            out += "  Advisory database: \(database.line)\n"
        }
        if let cache = summary.cacheLine {
            out += "  Cache: \(cache)\n"
        }
        if !summary.notices.isEmpty {
            out += "  Notices:\n"
            for notice in summary.notices { out += "    - " + paint.yellow(notice) + "\n" }
        }
        return out
    }
}

extension TextReporter {
    /// The summary's fix lines alone (for `scan --diff`, which prints a diff instead of the report).
    public static func fixLines(_ report: ScanReport, color: Bool = false, unsafeFixes: Bool = false) -> String {
        renderFixes(ReportSummary(report), paint: Paint(enabled: color), unsafeFixes: unsafeFixes)
    }

    /// What `--fix`/`--diff` did (applied, refused and why, unsafe ones left), then what is still
    /// fixable among the findings shown.
    static func renderFixes(_ summary: ReportSummary, paint: Paint, unsafeFixes: Bool) -> String {
        var out = ""
        if let fixes = summary.fixes {
            let safe = fixes.applied.filter { $0.applicability == .safe }.count
            let kinds = [safe > 0 ? "\(safe) safe" : nil, fixes.applied.count > safe ? "\(fixes.applied.count - safe) unsafe" : nil].compactMap { $0 }
            let files = "\(fixes.files.count) file\(fixes.files.count == 1 ? "" : "s")"
            out += "  Fixes: \(fixes.applied.count) \(fixes.written ? "applied" : "in the diff (not written)")"
                + (fixes.applied.isEmpty ? "" : " in \(files) (\(kinds.joined(separator: ", ")))") + "\n"
            if fixes.unsafeSkipped > 0 {
                out += "    \(fixes.unsafeSkipped) unsafe fix\(fixes.unsafeSkipped == 1 ? "" : "es") not applied: " + paint.bold("--unsafe-fixes") + "\n"
            }
            if !fixes.refused.isEmpty {
                out += "    " + paint.yellow("refused \(fixes.refused.count)") + ":\n"
                for entry in fixes.refused {
                    out += "      \(entry.file):\(entry.line) \(entry.ruleID) (\(entry.message)): \(entry.reason ?? "refused")\n"
                }
            }
        }
        let safe = summary.fixable[.safe] ?? 0, unsafe = summary.fixable[.unsafe] ?? 0
        if safe + unsafe > 0 {
            if unsafeFixes {
                out += "  Fixable: " + paint.green("[*]") + " \(safe + unsafe) with " + paint.bold("--fix --unsafe-fixes") + " (" + paint.bold("--diff") + " shows them)\n"
            } else if safe > 0 {
                out += "  Fixable: " + paint.green("[*]") + " \(safe) with " + paint.bold("--fix") + (unsafe > 0 ? ", \(unsafe) more with --unsafe-fixes" : "")
                    + " (" + paint.bold("--diff") + " shows them)\n"
            } else {
                out += "  Fixable: \(unsafe) with " + paint.bold("--fix --unsafe-fixes") + " (" + paint.bold("--diff --unsafe-fixes") + " shows them)\n"
            }
        }
        return out
    }
}

/// The order findings are listed in.
public enum FindingOrder: String, CaseIterable, Sendable {
    /// By file, line, column and rule id (the default; stable across runs).
    case location
    /// Worst first: by severity, then confidence, then location.
    case severity

    public func sorted(_ findings: [Finding]) -> [Finding] {
        switch self {
        case .location: return findings.sorted(by: Finding.reportOrder)
        case .severity:
            return findings.sorted { a, b in
                if a.severity != b.severity { return a.severity > b.severity }
                if a.confidence != b.confidence { return a.confidence > b.confidence }
                return Finding.reportOrder(a, b)
            }
        }
    }
}

/// ANSI styling that turns into plain text when colour is off.
struct Paint {
    var enabled: Bool

    private func wrap(_ code: String, _ text: String) -> String {
        enabled && !text.isEmpty ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    func bold(_ text: String) -> String { wrap("1", text) }
    func dim(_ text: String) -> String { wrap("2", text) }
    func red(_ text: String) -> String { wrap("31", text) }
    func green(_ text: String) -> String { wrap("32", text) }
    func yellow(_ text: String) -> String { wrap("33", text) }
    func cyan(_ text: String) -> String { wrap("36", text) }
    func blue(_ text: String) -> String { wrap("34", text) }

    func severity(_ severity: Severity, _ text: String) -> String {
        switch severity {
        case .critical: return wrap("1;35", text)
        case .high: return wrap("1;31", text)
        case .medium: return wrap("33", text)
        case .low: return wrap("34", text)
        case .info: return wrap("2", text)
        }
    }
}

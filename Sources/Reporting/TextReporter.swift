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

        public init(color: Bool = false, sources: [String: [String]] = [:], contextLines: Int = 1, showSecrets: Bool = false) {
            self.color = color
            self.sources = sources
            self.contextLines = contextLines
            self.showSecrets = showSecrets
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
        for finding in report.findings.sorted(by: Finding.reportOrder) {
            out += renderFinding(finding, options: options, paint: paint, secrets: spans[finding.location.file] ?? [])
            out += "\n"
        }
        out += renderSummary(ReportSummary(report), paint: paint)
        return out
    }

    /// One finding; `secrets` are the credential spans of its file, masked in the frame.
    static func renderFinding(_ finding: Finding, options: Options, paint: Paint, secrets: [RedactedSpan] = []) -> String {
        let location = finding.location
        var out = ""
        // URLs (probe) and whole-file findings (a lock file, a project setting) have no line.
        let place = location.isURL || location.startLine < 1 ? location.file : "\(location.file):\(location.startLine):\(location.startColumn)"
        out += paint.bold(place) + ": " + paint.severity(finding.severity, "\(finding.ruleID) [\(finding.severity)]") + " " + finding.title + "\n"

        let frame = codeFrame(finding, options: options, paint: paint, secrets: secrets)
        out += frame
        let gutter = frame.isEmpty ? "  " : String(repeating: " ", count: gutterWidth(finding, options: options) + 1)
        var facts = ["confidence \(finding.confidence)", finding.owasp.rawValue, finding.cwe.description]
        if let scope = location.enclosingScope { facts.insert("in \(scope)", at: 0) }
        out += gutter + paint.dim("= ") + paint.dim(facts.joined(separator: " · ")) + "\n"
        for (index, line) in finding.description.lines().enumerated() {
            out += gutter + (index == 0 ? paint.dim("= ") : "  ") + line + "\n"
        }
        for (index, line) in finding.remediation.lines().enumerated() {
            out += gutter + (index == 0 ? paint.dim("= ") + paint.green("fix: ") : "       ") + line + "\n"
        }
        if let fix = finding.fixSnippet, !fix.isEmpty {
            for line in fix.lines() {
                out += gutter + "       " + paint.green(String(line)) + "\n"
            }
        }
        if let proof = finding.proofOfConcept, !proof.isEmpty {
            for (index, line) in proof.lines().enumerated() {
                if line.isEmpty { out += "\n"; continue }  // the blank line before a request body
                out += gutter + (index == 0 ? paint.dim("= ") + paint.yellow("proof: ") : "         ") + line + "\n"
            }
        }
        return out
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

    static func codeFrame(_ finding: Finding, options: Options, paint: Paint, secrets: [RedactedSpan] = []) -> String {
        let location = finding.location
        guard let (first, lines, fromSource) = frameLines(finding, options: options) else {
            guard let snippet = finding.snippet, !snippet.isEmpty else { return "" }
            // A URL finding's snippet (a response header, say) is shown as it is.
            return snippet.lines().map { "  | " + $0 + "\n" }.joined()
        }
        let lastAvailable = first + lines.count - 1
        let flaggedEnd = min(max(location.endLine, location.startLine), lastAvailable, location.startLine + maxFlagged - 1)
        let context = fromSource ? options.contextLines : 0
        let shownStart = max(first, location.startLine - context)
        let shownEnd = min(lastAvailable, flaggedEnd + context)
        guard shownStart <= shownEnd, location.startLine <= lastAvailable else { return "" }
        let width = gutterWidth(finding, options: options)
        let blank = String(repeating: " ", count: width) + " " + paint.blue("|") + "\n"
        var out = blank
        for number in shownStart...shownEnd {
            let raw = lines[number - first]
            // Lines read from the file are masked here; a snippet was masked with the report.
            let (shown, columns) = fromSource && !secrets.isEmpty
                ? RedactedSpan.mask(line: raw, number: number, secrets) : (raw, Array(0...raw.count))
            let (display, widths) = expandTabs(shown)
            let numberText = String(repeating: " ", count: width - String(number).count) + String(number)
            out += paint.blue(numberText + " |") + (display.isEmpty ? "" : " " + display) + "\n"
            guard number >= location.startLine, number <= flaggedEnd else { continue }
            let spanLocation = columnsApply(finding, fromSource: fromSource, lines: lines)
                ? location : Location(file: location.file, startLine: location.startLine, endLine: location.endLine)
            let (rawFrom, rawTo) = underlineSpan(line: number, location: spanLocation, widths: expandTabs(raw).1, characters: Array(raw))
            let from = min(columns[min(rawFrom, columns.count - 1)], widths.count)
            let to = min(max(from, columns[min(rawTo, columns.count - 1)]), widths.count)
            guard rawTo > rawFrom else { continue }
            let startOffset = widths[..<from].reduce(0, +)
            let length = max(1, widths[from..<to].reduce(0, +))
            out += String(repeating: " ", count: width) + " " + paint.blue("|") + " "
                + String(repeating: " ", count: startOffset) + paint.severity(finding.severity, String(repeating: "^", count: length)) + "\n"
        }
        if flaggedEnd < location.endLine {
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

    static func renderSummary(_ summary: ReportSummary, paint: Paint) -> String {
        var out = paint.bold("Summary") + "\n"
        if summary.findingCount == 0 {
            out += "  Findings: none\n"
        } else {
            let bySeverity = summary.bySeverity.filter { $0.count > 0 }.map { paint.severity($0.severity, "\($0.severity) \($0.count)") }
            out += "  Findings: \(summary.findingCount) (" + bySeverity.joined(separator: ", ") + ")\n"
            out += "  By rule:\n"
            let idWidth = summary.byRule.map(\.ruleID.count).max() ?? 0
            let nameWidth = summary.byRule.map { ($0.name ?? "").count }.max() ?? 0
            for rule in summary.byRule {
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
            out += "  Filtered out: \(summary.filteredCount) (" + ReportSummary.mechanismLine(summary.filteredByMechanism) + ")\n"
        }
        if let database = summary.advisoryDatabase {
            out += "  Advisory database: \(database.line)\n"
        }
        if !summary.notices.isEmpty {
            out += "  Notices:\n"
            for notice in summary.notices { out += "    - " + paint.yellow(notice) + "\n" }
        }
        return out
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

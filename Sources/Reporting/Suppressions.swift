import Findings
import Foundation

/// One comment of a source file: its 1-based line and its text (with or without the leading `#`).
public struct SourceComment: Hashable, Sendable {
    public var line: Int
    public var text: String

    public init(line: Int, text: String) {
        self.line = line
        self.text = text
    }
}

/// What `Suppressions.apply` decided.
public struct SuppressionOutcome: Sendable {
    public var kept: [Finding]
    public var suppressed: [SuppressedFinding]
    /// Problems with the directives themselves (unknown rule ids), for `ScanReport.notices`.
    public var notices: [String]
}

/// Suppression comments: bandit's `# nosec [B602, B603]` (also `# nosec: B602`), ruff's
/// `# noqa: S602` (ids only: a bare `# noqa` silences other linters, not Taintline), and
/// Taintline's `# taintline: ignore[TL-B602] -- reason` (without ids: everything).
///
/// A comment applies to the whole statement that holds the finding, so a directive on any line of
/// a multi-line call works. Ids are matched against the rule id, its name and its aliases.
public enum Suppressions {
    /// A parsed directive.
    struct Directive: Equatable {
        enum Kind: Equatable { case nosec, noqa, inline }
        var kind: Kind
        /// `nil` means every rule.
        var ids: [String]?
        var reason: String?

        var mechanism: String {
            switch kind {
            case .nosec: return SuppressionMechanism.nosec
            case .noqa: return SuppressionMechanism.noqa
            case .inline: return SuppressionMechanism.inline
            }
        }
    }

    /// Splits findings into those that stay and those a comment suppresses.
    ///
    /// - Parameters:
    ///   - commentsByFile: the comments of each file, keyed by `Location.file`.
    ///   - statementSpans: for Python files, the line range of every statement (simple statements,
    ///     and compound statements' headers); a finding's statement is the smallest span holding its
    ///     start line. Files without spans (`.env`, YAML, ...) use only the finding's own lines.
    ///   - descriptors: for rule names and aliases (`B602`, `S602`).
    public static func apply(findings: [Finding], commentsByFile: [String: [SourceComment]],
                             statementSpans: [String: [ClosedRange<Int>]] = [:], descriptors: [RuleDescriptor]) -> SuppressionOutcome {
        let catalog = Catalog(descriptors: descriptors, findings: findings)
        var directivesByFile: [String: [Int: [Directive]]] = [:]
        var notices: [String] = []
        for file in commentsByFile.keys.sorted() {
            var byLine: [Int: [Directive]] = [:]
            for comment in commentsByFile[file] ?? [] {
                let found = directives(in: comment.text)
                guard !found.isEmpty else { continue }
                byLine[comment.line, default: []] += found
                for directive in found {
                    for id in directive.ids ?? [] where !catalog.isKnown(id) && reportsUnknown(id, kind: directive.kind) {
                        notices.append("\(file):\(comment.line): unknown rule id '\(id)' in a suppression comment")
                    }
                }
            }
            if !byLine.isEmpty { directivesByFile[file] = byLine }
        }

        var kept: [Finding] = []
        var suppressed: [SuppressedFinding] = []
        var sortedSpans: [String: [ClosedRange<Int>]] = [:]
        for finding in findings {
            let file = finding.location.file
            guard let byLine = directivesByFile[file] else { kept.append(finding); continue }
            if sortedSpans[file] == nil, let spans = statementSpans[file] {
                sortedSpans[file] = spans.sorted { ($0.lowerBound, -$0.upperBound) < ($1.lowerBound, -$1.upperBound) }
            }
            var lines = Array(statementLines(for: finding.location, sortedSpans: sortedSpans[file]))
            if let built = finding.properties[Finding.builtAtLineProperty].flatMap(Int.init) {
                let at = Location(file: file, startLine: built, startColumn: 1, endLine: built)
                lines += statementLines(for: at, sortedSpans: sortedSpans[file])
            }
            var best: Directive?
            for line in lines {
                for directive in byLine[line] ?? [] where matches(directive, finding: finding, catalog: catalog) {
                    if best == nil || priority(directive.kind) > priority(best!.kind) { best = directive }
                }
            }
            if let best {
                suppressed.append(SuppressedFinding(finding: finding, mechanism: best.mechanism, reason: best.reason))
            } else {
                kept.append(finding)
            }
        }
        return SuppressionOutcome(kept: kept, suppressed: suppressed, notices: notices)
    }

    /// Applies `apply` to a report's own findings, moving suppressed ones and adding notices.
    public static func apply(to report: ScanReport, commentsByFile: [String: [SourceComment]],
                             statementSpans: [String: [ClosedRange<Int>]] = [:]) -> ScanReport {
        let outcome = apply(findings: report.findings, commentsByFile: commentsByFile, statementSpans: statementSpans, descriptors: report.rules)
        var copy = report
        copy.findings = outcome.kept
        copy.suppressed += outcome.suppressed
        copy.notices += outcome.notices
        return copy
    }

    /// The `#` comments of a non-Python text file (`.env`, YAML, INI, shell): a `#` at the start of
    /// a line or after whitespace, outside quotes.
    public static func hashComments(in text: String) -> [SourceComment] {
        var comments: [SourceComment] = []
        var lineNumber = 0
        for line in text.lines() {
            lineNumber += 1
            var quote: Character?
            var previous: Character = " "
            for (offset, character) in line.enumerated() {
                if let open = quote {
                    if character == open { quote = nil }
                } else if character == "\"" || character == "'" {
                    quote = character
                } else if character == "#", previous == " " || previous == "\t" {
                    let start = line.index(line.startIndex, offsetBy: offset)
                    comments.append(SourceComment(line: lineNumber, text: String(line[start...]).trimming("\r")))
                    break
                }
                previous = character
            }
        }
        return comments
    }

    static func priority(_ kind: Directive.Kind) -> Int {
        switch kind {
        case .inline: return 3
        case .nosec: return 2
        case .noqa: return 1
        }
    }

    /// Unknown ids are reported for Taintline's own directive, and for bandit/ruff directives only when
    /// they look like Taintline ids: their other ids belong to those tools.
    static func reportsUnknown(_ id: String, kind: Directive.Kind) -> Bool {
        kind == .inline || id.uppercased().hasPrefix("TL-")
    }

    /// The lines whose comments apply to a finding: its statement's span and its own lines.
    /// `sortedSpans` is sorted by start (outer before inner on a tie). Statements nest, so the
    /// innermost span holding a line is the last one starting at or before it that still holds it:
    /// a binary search and a short walk back instead of a scan of every statement.
    static func statementLines(for location: Location, sortedSpans spans: [ClosedRange<Int>]?) -> ClosedRange<Int> {
        let own = location.startLine...max(location.startLine, location.endLine)
        guard let spans, !spans.isEmpty else { return own }
        let line = location.startLine
        var low = 0
        var high = spans.count
        while low < high {
            let middle = (low + high) / 2
            if spans[middle].lowerBound <= line { low = middle + 1 } else { high = middle }
        }
        var index = low - 1
        while index >= 0, !spans[index].contains(line) { index -= 1 }
        guard index >= 0 else { return own }
        let best = spans[index]
        return min(best.lowerBound, own.lowerBound)...max(best.upperBound, own.upperBound)
    }

    static func matches(_ directive: Directive, finding: Finding, catalog: Catalog) -> Bool {
        guard let ids = directive.ids else { return true }
        // bandit reads `# nosec: md5` (names of no known test) as a plain `# nosec`.
        if directive.kind == .nosec, !ids.contains(where: { catalog.isKnown($0) || looksLikeRuleCode($0) }) { return true }
        // A merged finding is one defect: a directive naming any rule it covers applies to it.
        let names = finding.ruleSpellings(catalog.names(of:))
        return ids.contains { names.contains($0.uppercased()) }
    }

    // MARK: Parsing

    /// Every directive in one comment (a comment may hold several: `# noqa: S602  # nosec`).
    /// True when a comment holds a suppression directive: only such comments (and the statement
    /// spans of their file) can change what `apply` keeps, so the scan cache stores no others.
    public static func holdsDirective(_ comment: String) -> Bool { !directives(in: comment).isEmpty }

    static func directives(in comment: String) -> [Directive] {
        // Bytes, not Characters: keywords are ASCII, and grapheme iteration is slow on Linux.
        let bytes = Array(comment.utf8)
        let lower = bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 | 0x20 : $0 }
        func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
        func nextHash(from start: Int) -> Int { lower[start...].firstIndex(of: UInt8(ascii: "#")) ?? lower.count }
        var result: [Directive] = []
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "#") else { index += 1; continue }
            var cursor = skipSpaces(lower, index + 1)
            if hasWord(lower, at: cursor, "nosec") {
                cursor += 5
                if cursor < lower.count, lower[cursor] == UInt8(ascii: ":") { cursor += 1 }
                let end = nextHash(from: cursor)
                let ids = splitIDs(text(cursor..<end)).filter(looksLikeID)
                result.append(Directive(kind: .nosec, ids: ids.isEmpty ? nil : ids, reason: nil))
                index = end
            } else if hasWord(lower, at: cursor, "noqa") {
                cursor += 4
                let afterColon = skipSpaces(lower, cursor)
                if afterColon < lower.count, lower[afterColon] == UInt8(ascii: ":") {
                    let start = afterColon + 1
                    let end = nextHash(from: start)
                    var ids: [String] = []
                    for word in splitIDs(text(start..<end)) {
                        guard looksLikeID(word) else { break }
                        ids.append(word)
                    }
                    if !ids.isEmpty { result.append(Directive(kind: .noqa, ids: ids, reason: nil)) }
                    index = end
                } else {
                    index = cursor
                }
            } else if hasWord(lower, at: cursor, "taintline") {
                cursor = skipSpaces(lower, cursor + 9)
                guard cursor < lower.count, lower[cursor] == UInt8(ascii: ":") else { index = cursor; continue }
                cursor = skipSpaces(lower, cursor + 1)
                guard hasWord(lower, at: cursor, "ignore") else { index = cursor; continue }
                cursor += 6
                var ids: [String]?
                var close = cursor
                if cursor < lower.count, lower[cursor] == UInt8(ascii: "[") {
                    close = lower[cursor...].firstIndex(of: UInt8(ascii: "]")) ?? lower.count
                    ids = splitIDs(text((cursor + 1)..<close))
                    close = min(close + 1, lower.count)
                }
                let end = nextHash(from: close)
                var reason: String?
                // `-- reason` up to the next comment marker.
                var dash = close
                while dash + 1 < end, !(lower[dash] == UInt8(ascii: "-") && lower[dash + 1] == UInt8(ascii: "-")) { dash += 1 }
                if dash + 1 < end {
                    let trimmed = text((dash + 2)..<end).trimming(" \t\r")
                    if !trimmed.isEmpty { reason = trimmed }
                }
                result.append(Directive(kind: .inline, ids: ids.flatMap { $0.isEmpty ? nil : $0 }, reason: reason))
                index = end
            } else {
                index += 1
            }
        }
        return result
    }

    private static func skipSpaces(_ bytes: [UInt8], _ start: Int) -> Int {
        var index = start
        while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 }
        return index
    }

    /// `word` (lower-case ASCII) at `index`, not followed by a letter, digit or `_` (`nosecure` is not `nosec`).
    private static func hasWord(_ bytes: [UInt8], at index: Int, _ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let matches = word.withUTF8Buffer { target in
            (0..<count).allSatisfy { bytes[index + $0] == target[$0] }
        }
        guard matches else { return false }
        let next = index + count
        guard next < bytes.count else { return true }
        let byte = bytes[next]
        let isWordByte = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "_") || byte >= 0x80
        return !isWordByte
    }

    private static func splitIDs(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
    }

    /// `B602`, `S602`, `TL-B602`, `DEP-VULN`: a code of some tool (letters then at least three
    /// digits, or a dashed name), as opposed to a bandit plugin name such as `md5`.
    static func looksLikeRuleCode(_ word: String) -> Bool {
        if word.contains("-") { return true }
        let letters = word.prefix { $0.isLetter }
        let digits = word.dropFirst(letters.count)
        return (1...3).contains(letters.count) && digits.count >= 3 && digits.allSatisfy(\.isNumber)
    }

    /// `B602`, `S602`, `TL-B602`, `SECRET-AWS`: letters, digits, `-`, `_`, with a digit, or upper case
    /// with a dash (words such as "reviewed" or "false-positive" after `# nosec` are prose, not ids).
    static func looksLikeID(_ word: String) -> Bool {
        var digit = false, dash = false, lowercase = false
        for (offset, byte) in word.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"): lowercase = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): break
            case UInt8(ascii: "0")...UInt8(ascii: "9"): if offset == 0 { return false }; digit = true
            case UInt8(ascii: "-"), UInt8(ascii: "_"): if offset == 0 { return false }; dash = dash || byte == UInt8(ascii: "-")
            default: return false
            }
        }
        return !word.isEmpty && (digit || (dash && !lowercase))
    }

    /// Every spelling of every rule: id, name, aliases (upper-cased).
    struct Catalog {
        private var spellings: [String: Set<String>] = [:]
        private var known: Set<String> = []

        init(descriptors: [RuleDescriptor], findings: [Finding]) {
            for descriptor in descriptors {
                var names: Set<String> = [descriptor.id.uppercased(), descriptor.name.uppercased()]
                for alias in descriptor.aliases { names.insert(alias.uppercased()) }
                spellings[descriptor.id, default: []].formUnion(names)
                known.formUnion(names)
            }
            for finding in findings {
                spellings[finding.ruleID, default: []].insert(finding.ruleID.uppercased())
                known.insert(finding.ruleID.uppercased())
            }
        }

        func names(of ruleID: String) -> Set<String> { spellings[ruleID] ?? [ruleID.uppercased()] }
        func isKnown(_ id: String) -> Bool { known.contains(id.uppercased()) }
    }
}

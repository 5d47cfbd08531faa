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
        for finding in findings {
            guard let byLine = directivesByFile[finding.location.file] else { kept.append(finding); continue }
            let lines = statementLines(for: finding.location, spans: statementSpans[finding.location.file])
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
    static func statementLines(for location: Location, spans: [ClosedRange<Int>]?) -> ClosedRange<Int> {
        let own = location.startLine...max(location.startLine, location.endLine)
        guard let spans else { return own }
        var best: ClosedRange<Int>?
        for span in spans where span.contains(location.startLine) {
            if best == nil || span.count < best!.count { best = span }
        }
        guard let best else { return own }
        return min(best.lowerBound, own.lowerBound)...max(best.upperBound, own.upperBound)
    }

    static func matches(_ directive: Directive, finding: Finding, catalog: Catalog) -> Bool {
        guard let ids = directive.ids else { return true }
        return ids.contains { catalog.names(of: finding.ruleID).contains($0.uppercased()) }
    }

    // MARK: Parsing

    /// Every directive in one comment (a comment may hold several: `# noqa: S602  # nosec`).
    static func directives(in comment: String) -> [Directive] {
        let chars = Array(comment)
        let lower = Array(comment.lowercased())
        guard lower.count == chars.count else { return directivesSlow(comment) }
        var result: [Directive] = []
        var index = 0
        while index < chars.count {
            guard chars[index] == "#" else { index += 1; continue }
            var cursor = skipSpaces(lower, index + 1)
            if hasWord(lower, at: cursor, "nosec") {
                cursor += 5
                if cursor < lower.count, lower[cursor] == ":" { cursor += 1 }
                let end = lower[cursor...].firstIndex(of: "#") ?? lower.count
                let words = splitIDs(String(chars[cursor..<end]))
                let ids = words.filter(looksLikeID)
                result.append(Directive(kind: .nosec, ids: ids.isEmpty ? nil : ids, reason: nil))
                index = end
            } else if hasWord(lower, at: cursor, "noqa") {
                cursor += 4
                let afterColon = skipSpaces(lower, cursor)
                if afterColon < lower.count, lower[afterColon] == ":" {
                    let start = afterColon + 1
                    let end = lower[start...].firstIndex(of: "#") ?? lower.count
                    var ids: [String] = []
                    for word in splitIDs(String(chars[start..<end])) {
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
                guard cursor < lower.count, lower[cursor] == ":" else { index = cursor; continue }
                cursor = skipSpaces(lower, cursor + 1)
                guard hasWord(lower, at: cursor, "ignore") else { index = cursor; continue }
                cursor += 6
                var ids: [String]?
                var close = cursor
                if cursor < lower.count, lower[cursor] == "[" {
                    close = lower[cursor...].firstIndex(of: "]") ?? lower.count
                    ids = splitIDs(String(chars[(cursor + 1)..<close]))
                    close = min(close + 1, lower.count)
                }
                var reason: String?
                let rest = String(chars[close...])
                if let range = rest.range(of: "--") {
                    var text = String(rest[range.upperBound...])
                    if let nextHash = text.firstIndex(of: "#") { text = String(text[..<nextHash]) }
                    let trimmed = text.trimming(" \t\r")
                    if !trimmed.isEmpty { reason = trimmed }
                }
                result.append(Directive(kind: .inline, ids: ids.flatMap { $0.isEmpty ? nil : $0 }, reason: reason))
                let afterReason = lower[close...].firstIndex(of: "#") ?? lower.count
                index = afterReason
            } else {
                index += 1
            }
        }
        return result
    }

    /// For the rare comment whose lowercase form changes length (some non-ASCII letters).
    private static func directivesSlow(_ comment: String) -> [Directive] {
        let ascii = String(comment.map { $0.isASCII ? $0 : "?" })
        return directives(in: ascii)
    }

    private static func skipSpaces(_ chars: [Character], _ start: Int) -> Int {
        var index = start
        while index < chars.count, chars[index] == " " || chars[index] == "\t" { index += 1 }
        return index
    }

    /// `word` at `index`, not followed by a letter or digit (`nosecure` is not `nosec`).
    private static func hasWord(_ chars: [Character], at index: Int, _ word: String) -> Bool {
        let target = Array(word)
        guard index + target.count <= chars.count, Array(chars[index..<(index + target.count)]) == target else { return false }
        let next = index + target.count
        return next == chars.count || !(chars[next].isLetter || chars[next].isNumber || chars[next] == "_")
    }

    private static func splitIDs(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
    }

    /// `B602`, `S602`, `TL-B602`, `SECRET-AWS`: letters, digits, `-`, `_`, with a digit, or upper case
    /// with a dash (words such as "reviewed" or "false-positive" after `# nosec` are prose, not ids).
    static func looksLikeID(_ word: String) -> Bool {
        guard let first = word.first, first.isLetter, word.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) else { return false }
        if word.contains(where: { $0.isNumber }) { return true }
        return word.contains("-") && !word.contains(where: { $0.isLowercase })
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

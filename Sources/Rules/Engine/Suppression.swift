import PythonSyntax

/// Inline suppression comments, parsed from a file's comments: `# nosec`, `# nosec B602, B607`,
/// `# nosec: S602`, ruff's `# noqa: S602`, and `# taintline: ignore[TL-B602]`. Ids are matched
/// through the registry's aliases, so a bandit or ruff id suppresses the Taintline rule it
/// names. A bare `# nosec` (or `# taintline: ignore`) suppresses every rule on that line; a
/// bare `# noqa` is ruff's business and suppresses nothing here.
public struct InlineSuppressions: Sendable {
    /// Line → suppressed rule ids; an empty set means every rule.
    public let lines: [Int: Set<String>]

    public init(comments: [Comment]) {
        var lines: [Int: Set<String>] = [:]
        for comment in comments {
            guard let ids = InlineSuppressions.parse(comment.text) else { continue }
            let line = Int(comment.line)
            if ids.isEmpty {
                lines[line] = []
            } else if let existing = lines[line] {
                if !existing.isEmpty { lines[line] = existing.union(ids) }
            } else {
                lines[line] = ids
            }
        }
        self.lines = lines
    }

    /// Does a suppression comment on `line` cover `ruleID`?
    public func suppresses(_ ruleID: String, line: Int) -> Bool {
        guard let ids = lines[line] else { return false }
        return ids.isEmpty || ids.contains(ruleID)
    }

    /// The Taintline ids a comment suppresses: nil when it is not a suppression, empty for "all".
    static func parse(_ text: String) -> Set<String>? {
        let lower = text.lowercased()
        var ids: Set<String> = []
        var found = false
        for (marker, requireList) in [("nosec", false), ("noqa:", true), ("taintline: ignore", false), ("taintline:ignore", false)] {
            guard let range = lower.range(of: marker) else { continue }
            let before = lower[..<range.lowerBound].last
            if let before, before.isLetter || before.isNumber { continue }
            if let after = lower[range.upperBound...].first, after.isLetter || after.isNumber { continue }
            var rest = Substring(text[range.upperBound...])
            if marker.hasPrefix("taintline"), rest.hasPrefix("[") {
                rest = rest.dropFirst().prefix { $0 != "]" }
            }
            let tokens = rest.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ":" || $0 == "\t" })
                .prefix { token in token.first.map { $0.isLetter } ?? false }
                .map(String.init)
            var matched: Set<String> = []
            for token in tokens { matched.formUnion(RuleRegistry.ids(matching: token)) }
            if requireList && matched.isEmpty { continue }
            found = true
            if matched.isEmpty { return [] }
            ids.formUnion(matched)
        }
        return found ? ids : nil
    }
}

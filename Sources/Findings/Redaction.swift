/// How a secret is shown anywhere in output: never whole. `ghp_…(40 chars, sha256:1a2b3c4d5e6f)`.
public enum Redaction {
    /// Characters of the secret kept in the clear: enough to tell the provider, far too few to use it.
    static let shownPrefix = 4

    /// The redacted form of `secret`: its first 4 characters (fewer for short secrets), its length
    /// and the first 12 hex digits of its SHA-256.
    public static func redact(_ secret: [UInt8]) -> String {
        let text = String(decoding: secret, as: UTF8.self)
        let count = text.count
        let shown = min(shownPrefix, max(0, count / 4))
        return "\(text.prefix(shown))…(\(count) chars, sha256:\(String(SHA256.hex(secret).prefix(12))))"
    }

    /// The redacted form of a secret held as text.
    public static func redact(_ secret: String) -> String { redact(Array(secret.utf8)) }
}

/// A credential in the source that output must not show: where it is (one line; a secret over
/// several lines is one span per line) and what is printed instead. Findings about credentials
/// carry their spans (`Finding.redactions`); reporters mask them wherever they print source
/// (code frames, snippets, proofs of concept), unless the user asks for `--show-secrets`.
public struct RedactedSpan: Hashable, Codable, Sendable {
    /// 1-based line.
    public var line: Int
    /// 1-based character column of the first character of the secret on that line.
    public var startColumn: Int
    /// 1-based character column just after its last character on that line (exclusive, as in `Location`).
    public var endColumn: Int
    /// The text the span covers, so that copies of it (a trimmed snippet, a proof of concept that
    /// quotes the key) are masked too.
    public var secret: String
    /// What is shown in its place: the redacted form of the whole secret on its first line, `…` on the lines after.
    public var replacement: String

    public init(line: Int, startColumn: Int, endColumn: Int, secret: String, replacement: String? = nil) {
        self.line = line
        self.startColumn = startColumn
        self.endColumn = endColumn
        self.secret = secret
        self.replacement = replacement ?? Redaction.redact(secret)
    }

    /// The spans of a secret that may run over several lines (a private key block, a triple-quoted
    /// string). `line(n)` is the text of 1-based line `n`; `start`/`end` are 1-based line and
    /// character column positions, `end` exclusive. The first span shows `replacement` (by default
    /// the redacted form of `secret`), the others `…`; a line's leading indentation stays visible.
    public static func covering(secret: String, replacement: String? = nil, start: (line: Int, column: Int), end: (line: Int, column: Int),
                                line: (Int) -> String) -> [RedactedSpan] {
        guard start.line >= 1, end.line >= start.line else { return [] }
        var spans: [RedactedSpan] = []
        for number in start.line...end.line {
            let characters = Array(line(number))
            let from = number == start.line ? max(0, start.column - 1) : (characters.firstIndex(where: { $0 != " " && $0 != "\t" }) ?? characters.count)
            let to = number == end.line ? min(characters.count, max(from, end.column - 1)) : characters.count
            guard to > from else { continue }
            spans.append(RedactedSpan(line: number, startColumn: from + 1, endColumn: to + 1, secret: String(characters[from..<to]),
                                      replacement: spans.isEmpty ? (replacement ?? Redaction.redact(secret)) : "…"))
        }
        return spans
    }
}

extension RedactedSpan {
    /// `text` (a snippet, a proof of concept, a line of code taken from the source) with every
    /// copy of the spans' secrets replaced by their replacements, longest secrets first.
    public static func mask(_ text: String, _ spans: [RedactedSpan]) -> String {
        let characters = Array(text)
        var covered: [(from: Int, to: Int, replacement: String)] = []
        for span in spans.sorted(by: { $0.secret.count > $1.secret.count }) where !span.secret.isEmpty {
            let needle = Array(span.secret)
            var index = 0
            while index + needle.count <= characters.count {
                let to = index + needle.count
                if characters[index] == needle[0], characters[index..<to].elementsEqual(needle),
                   !covered.contains(where: { $0.from < to && index < $0.to }) {
                    covered.append((index, to, span.replacement))
                    index = to
                } else {
                    index += 1
                }
            }
        }
        guard !covered.isEmpty else { return text }
        var out = ""
        var cursor = 0
        for part in covered.sorted(by: { $0.from < $1.from }) {
            out += String(characters[cursor..<part.from]) + part.replacement
            cursor = part.to
        }
        return out + String(characters[cursor...])
    }

    /// Source line `number` as read from the file, with the spans on it replaced, and for each
    /// character index of the line (and its end) the index it has in the masked text, so that
    /// underlines can follow. A span whose text is not at its columns (the file changed since the
    /// scan, a finding from git history) is masked wherever its secret is on the line.
    public static func mask(line: String, number: Int, _ spans: [RedactedSpan]) -> (text: String, columns: [Int]) {
        let characters = Array(line)
        let onLine = spans.filter { $0.line == number }
        var placed: [RedactedSpan] = []
        var elsewhere: [RedactedSpan] = []
        for span in onLine {
            let from = span.startColumn - 1, to = span.endColumn - 1
            if from >= 0, to > from, to <= characters.count, characters[from..<to].elementsEqual(span.secret) {
                placed.append(span)
            } else {
                elsewhere.append(span)
            }
        }
        var text = ""
        var columns: [Int] = []
        columns.reserveCapacity(characters.count + 1)
        var cursor = 0
        var length = 0
        for span in placed.sorted(by: { ($0.startColumn, -$0.endColumn) < ($1.startColumn, -$1.endColumn) }) {
            let from = span.startColumn - 1, to = span.endColumn - 1
            if to <= cursor { continue }  // inside a span already masked
            if from < cursor {  // overlaps the one before: mask the rest of it too
                for _ in cursor..<to { columns.append(length) }
                cursor = to
                continue
            }
            for character in characters[cursor..<from] { columns.append(length); text.append(character); length += 1 }
            let start = length
            text += span.replacement
            length += span.replacement.count
            for _ in from..<to { columns.append(start) }
            cursor = to
        }
        for character in characters[cursor...] { columns.append(length); text.append(character); length += 1 }
        columns.append(length)
        guard !elsewhere.isEmpty else { return (text, columns) }
        // Columns no longer line up with the file; keep the map only as far as it is right.
        let masked = mask(text, elsewhere)
        return (masked, columns.map { min($0, masked.count) })
    }
}

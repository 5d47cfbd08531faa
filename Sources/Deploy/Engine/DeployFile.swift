import Findings

/// A position in a deploy file: 1-based line and 1-based character column.
public struct TextPosition: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (a: TextPosition, b: TextPosition) -> Bool { (a.line, a.column) < (b.line, b.column) }
}

/// The file a check looks at: where it is and its text by line, and the one way findings about
/// it are made (location, snippet, redaction of credentials).
struct DeployFile: Sendable {
    let relativePath: String
    let displayPath: String
    /// The file's lines, without line terminators.
    let lines: [String]

    init(relativePath: String, displayPath: String, text: String) {
        self.relativePath = relativePath
        self.displayPath = displayPath
        lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r" ? String(line.dropLast()) : String(line)
        }
    }

    /// The file name, lower-cased.
    var fileName: String { (relativePath.split(separator: "/").last.map(String.init) ?? relativePath).lowercased() }

    /// Text of 1-based line `number` ("" outside the file).
    func line(_ number: Int) -> String {
        number >= 1 && number <= lines.count ? lines[number - 1] : ""
    }

    /// The span of `secret` on `line`, at or after `column` (else anywhere on the line), so every
    /// report masks it; nil when it is not on that line.
    func redaction(of secret: String, line: Int, from column: Int = 1) -> RedactedSpan? {
        guard !secret.isEmpty else { return nil }
        let characters = Array(self.line(line))
        let needle = Array(secret)
        func find(from start: Int) -> Int? {
            var index = max(0, start)
            while index + needle.count <= characters.count {
                if characters[index..<(index + needle.count)].elementsEqual(needle) { return index }
                index += 1
            }
            return nil
        }
        guard let found = find(from: column - 1) ?? find(from: 0) else { return nil }
        return RedactedSpan(line: line, startColumn: found + 1, endColumn: found + needle.count + 1, secret: secret)
    }

    /// A finding of `rule` at `position`. The snippet is the flagged line as written (reporters
    /// mask the `redactions`); `severity`, `confidence` and `cwe` override the rule's defaults for
    /// this occurrence.
    func finding(_ rule: RuleDescriptor, at position: TextPosition, endColumn: Int? = nil, description: String, remediation: String,
                 fix: String? = nil, severity: Severity? = nil, confidence: Confidence? = nil, redactions: [RedactedSpan] = [],
                 properties: [String: String] = [:]) -> Finding {
        let text = line(position.line)
        let snippet = text.trimmingSpaces.isEmpty ? relativePath : text.trimmingSpaces
        return Finding(ruleID: rule.id, title: rule.summary, severity: severity ?? rule.severity, confidence: confidence ?? rule.confidence,
                       owasp: rule.owasp, cwe: rule.cwe,
                       location: Location(file: displayPath, startLine: position.line, startColumn: max(1, position.column),
                                          endColumn: endColumn ?? max(1, position.column)),
                       description: description, remediation: remediation, fixSnippet: fix, references: rule.references,
                       analysis: .deploy, snippet: snippet, properties: properties, redactions: redactions)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice = slice.dropLast() }
        return String(slice)
    }
}

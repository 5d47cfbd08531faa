/// One Jinja2 or Django template construct: `{{ expression }}`, `{% tag %}` or `{# comment #}`,
/// with the text between its delimiters (whitespace-control dashes removed).
struct TemplateToken: Equatable, Sendable {
    enum Kind: Equatable, Sendable { case expression, tag, comment }
    var kind: Kind
    var body: String
    /// 1-based line and column (in characters) of the opening delimiter.
    var line: Int
    var column: Int
    /// The line where the closing delimiter ends.
    var endLine: Int
}

/// Splits a template into its constructs, and notes for each `{{ }}` whether it sits in an
/// HTML attribute value without quotes. Works on bytes; an unclosed construct ends the scan
/// (what a template engine would reject, we do not guess at). `{% raw %}` and Django's
/// `{% verbatim %}` blocks are skipped, since their content is printed, not evaluated.
struct TemplateLexer {
    private let bytes: [UInt8]
    private var index = 0
    private var line = 1
    private var lineStart = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The constructs in source order, with a flag per expression: true when it is written
    /// as an unquoted attribute value (`<a href={{ url }}>`).
    static func tokens(in bytes: [UInt8]) -> [(token: TemplateToken, unquotedAttribute: Bool)] {
        var lexer = TemplateLexer(bytes)
        return lexer.run()
    }

    private mutating func run() -> [(token: TemplateToken, unquotedAttribute: Bool)] {
        var out: [(TemplateToken, Bool)] = []
        var html = HTMLContext()
        var skippingUntil: String?
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "{"), index + 1 < bytes.count, let kind = Self.kind(bytes[index + 1]) {
                let startLine = line
                let startColumn = column(at: index)
                let closer: UInt8 = kind == .expression ? UInt8(ascii: "}") : kind == .tag ? UInt8(ascii: "%") : UInt8(ascii: "#")
                guard let end = findClose(from: index + 2, closer: closer, quoted: kind != .comment) else { break }
                let body = Self.trimmedBody(bytes[(index + 2)..<end])
                advance(to: end + 2)
                let token = TemplateToken(kind: kind, body: body, line: startLine, column: startColumn, endLine: line)
                if let awaited = skippingUntil {
                    if kind == .tag, Self.firstWord(body) == awaited { skippingUntil = nil }
                    continue
                }
                if kind == .tag, let word = Self.firstWord(body), word == "raw" || word == "verbatim" {
                    skippingUntil = "end" + word
                }
                out.append((token, kind == .expression && html.inUnquotedAttributeValue))
                if kind == .expression { html.sawTemplateValue() }
                continue
            }
            if skippingUntil == nil { html.feed(byte) }
            if byte == 10 { line += 1; lineStart = index + 1 }
            index += 1
        }
        return out
    }

    private static func kind(_ byte: UInt8) -> TemplateToken.Kind? {
        switch byte {
        case UInt8(ascii: "{"): return .expression
        case UInt8(ascii: "%"): return .tag
        case UInt8(ascii: "#"): return .comment
        default: return nil
        }
    }

    /// Index of the closing `}}`/`%}`/`#}`, skipping string literals inside expressions and tags.
    private func findClose(from start: Int, closer: UInt8, quoted: Bool) -> Int? {
        var i = start
        var quote: UInt8?
        while i + 1 < bytes.count {
            let b = bytes[i]
            if let q = quote {
                if b == UInt8(ascii: "\\") { i += 2; continue }
                if b == q { quote = nil }
            } else if quoted && (b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")) {
                quote = b
            } else if b == closer && bytes[i + 1] == UInt8(ascii: "}") {
                return i
            }
            i += 1
        }
        return nil
    }

    private mutating func advance(to end: Int) {
        while index < end {
            if bytes[index] == 10 { line += 1; lineStart = index + 1 }
            index += 1
        }
    }

    private func column(at offset: Int) -> Int {
        // Characters, not bytes: count UTF-8 lead bytes.
        var count = 1
        for b in bytes[lineStart..<offset] where b & 0xC0 != 0x80 { count += 1 }
        return count
    }

    private static func trimmedBody(_ slice: ArraySlice<UInt8>) -> String {
        var text = Substring(String(decoding: slice, as: UTF8.self))
        // Whitespace control: `{{- x -}}`, `{%+ x %}`.
        if let first = text.first, first == "-" || first == "+" { text = text.dropFirst() }
        if let last = text.last, last == "-" || last == "+" { text = text.dropLast() }
        return text.trimmed(of: " \t\r\n")
    }

    static func firstWord(_ body: String) -> String? {
        body.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).first.map(String.init)
    }
}

/// Just enough of HTML's tokenizer to know whether the next template value lands in an
/// attribute value that has no quotes.
private struct HTMLContext {
    private enum State { case text, tagOpen, tagName, inTag, attributeName, afterName, beforeValue, unquotedValue, quotedValue(UInt8) }
    private var state = State.text

    var inUnquotedAttributeValue: Bool {
        switch state {
        case .beforeValue, .unquotedValue: return true
        default: return false
        }
    }

    mutating func sawTemplateValue() {
        if case .beforeValue = state { state = .unquotedValue }
    }

    mutating func feed(_ b: UInt8) {
        let space = b == 32 || b == 9 || b == 10 || b == 13 || b == 12
        switch state {
        case .text:
            if b == UInt8(ascii: "<") { state = .tagOpen }
        case .tagOpen:
            // `<` starts a tag only before a letter (`a < b` is text; `<!--`, `</p>` hold no attributes).
            let letter = (b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "z")
            state = letter ? .tagName : b == UInt8(ascii: "<") ? .tagOpen : .text
        case .tagName:
            if space { state = .inTag } else if b == UInt8(ascii: ">") { state = .text }
        case .inTag:
            if b == UInt8(ascii: ">") { state = .text } else if !space && b != UInt8(ascii: "/") { state = .attributeName }
        case .attributeName:
            if b == UInt8(ascii: "=") { state = .beforeValue } else if space { state = .afterName } else if b == UInt8(ascii: ">") { state = .text }
        case .afterName:
            if b == UInt8(ascii: "=") { state = .beforeValue } else if b == UInt8(ascii: ">") { state = .text } else if !space { state = .attributeName }
        case .beforeValue:
            if b == UInt8(ascii: "\"") || b == UInt8(ascii: "'") { state = .quotedValue(b) } else if b == UInt8(ascii: ">") { state = .text } else if !space { state = .unquotedValue }
        case .unquotedValue:
            if space { state = .inTag } else if b == UInt8(ascii: ">") { state = .text }
        case .quotedValue(let q):
            if b == q { state = .inTag }
        }
    }
}

extension String {
    func trimmed(of set: String) -> String {
        var text = Substring(self)
        while let first = text.first, set.contains(first) { text = text.dropFirst() }
        while let last = text.last, set.contains(last) { text = text.dropLast() }
        return String(text)
    }
}

extension Substring {
    func trimmed(of set: String) -> String { String(self).trimmed(of: set) }
}

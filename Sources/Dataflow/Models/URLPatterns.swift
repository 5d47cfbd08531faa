/// Route patterns as frameworks write them, read as data: which URL parts a pattern names and
/// which converter each has, so a handler's parameter or a URL-part mapping read is known to be
/// text (a source) or a number the framework converted (not one).

/// How one framework's route patterns convert URL parts.
public struct URLPatternSyntax: Sendable, Hashable {
    /// Converters (Bottle calls them filters) whose value reaches the handler as a number, a UUID
    /// or a date, not as text the client wrote (Falcon's `{id:int}`, Bottle's `<id:int>`).
    public let nonTextConverters: Set<String>
    /// Bottle's legacy wildcards: `:name` and `:name#regex#` besides `<name>`.
    public let colonWildcards: Bool

    public init(nonTextConverters: Set<String>, colonWildcards: Bool = false) {
        self.nonTextConverters = nonTextConverters
        self.colonWildcards = colonWildcards
    }
}

/// One URL part of a route pattern: `{id:int}` is `id` with the converter `int`.
public struct URLPart: Sendable, Hashable {
    public let name: String
    /// The converter or regex as written (`int`, `re:[a-z]+`, `\d+`, `int(min=1)`); nil for a
    /// plain part.
    public let converter: String?
    /// Where the part is written in the pattern (brackets included), in characters.
    public let range: Range<Int>
}

public enum URLPattern {
    /// Werkzeug's converter names: `<int:id>` puts the converter first, every other syntax the name.
    static let converterFirst: Set<String> = ["default", "string", "any", "path", "int", "float", "uuid"]

    /// The URL parts of a pattern, in order, in each syntax the catalog's frameworks use:
    /// `<name>` and `<converter:name>` (Flask), `<name:filter>` and `<name:re:regex>` (Bottle,
    /// Sanic), `{name}` and `{name:converter}` (Falcon, Starlette, FastAPI) or `{name:regex}`
    /// (Pyramid), and with `colonWildcards` Bottle's `:name` / `:name#regex#`.
    public static func parts(_ pattern: String, colonWildcards: Bool = false) -> [URLPart] {
        let chars = Array(pattern)
        var out: [URLPart] = []
        var index = 0
        while index < chars.count {
            let open = chars[index]
            if open == "<" || open == "{" {
                guard let end = closing(chars, from: index) else { break }
                if let part = part(String(chars[(index + 1)..<end]), range: index..<(end + 1)) { out.append(part) }
                index = end + 1
            } else if colonWildcards, open == ":", let part = colonPart(chars, at: index) {
                out.append(part)
                index = part.range.upperBound
            } else {
                index += 1
            }
        }
        return out
    }

    /// Does the handler receive this part as text? Not when its converter is one of the
    /// syntax's non-text converters, nor when its regex matches digits only (`{id:\d+}`,
    /// `<id:re:[0-9]+>`).
    public static func isText(_ part: URLPart, _ syntax: URLPatternSyntax) -> Bool {
        guard let converter = part.converter else { return true }
        let name = String(converter.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        if !name.isEmpty, name.count == converter.count || converter.dropFirst(name.count).first == "(" {
            return !syntax.nonTextConverters.contains(name)
        }
        let regex = converter.hasPrefix("re:") ? String(converter.dropFirst(3)) : converter
        return !matchesDigitsOnly(regex)
    }

    /// The pattern with each part replaced by `replacement(part)`.
    public static func substituting(_ pattern: String, colonWildcards: Bool = false, _ replacement: (URLPart) -> String) -> String {
        let chars = Array(pattern)
        var out = ""
        var last = 0
        for part in parts(pattern, colonWildcards: colonWildcards) {
            out += String(chars[last..<part.range.lowerBound]) + replacement(part)
            last = part.range.upperBound
        }
        return out + String(chars[last...])
    }

    /// A pattern written with Bottle's legacy wildcards in its current syntax (`/hello/:name`
    /// is `/hello/<name>`, `:id#[0-9]+#` is `<id:re:[0-9]+>`), so every later reader sees one syntax.
    public static func normalized(colonWildcards pattern: String) -> String {
        substituting(pattern, colonWildcards: true) { part in
            part.converter.map { "<\(part.name):\($0)>" } ?? "<\(part.name)>"
        }
    }

    /// The index of the bracket that closes the one at `start` (same kind nested, `\` escapes).
    static func closing(_ chars: [Character], from start: Int) -> Int? {
        let open = chars[start]
        let close: Character = open == "<" ? ">" : "}"
        var depth = 0
        var index = start
        while index < chars.count {
            let c = chars[index]
            if c == "\\" {
                index += 2
                continue
            }
            if c == open { depth += 1 }
            if c == close {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return nil
    }

    static func part(_ inner: String, range: Range<Int>) -> URLPart? {
        let pieces = inner.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        if pieces.count == 2 {
            let head = String(pieces[0].prefix { $0 != "(" })
            if converterFirst.contains(head), isIdentifier(pieces[1]) { return URLPart(name: pieces[1], converter: head, range: range) }
        }
        let name = pieces[0].trimmingSpaces
        guard isIdentifier(name) else { return nil }
        return URLPart(name: name, converter: pieces.count == 2 ? pieces[1] : nil, range: range)
    }

    /// Bottle's `:name` or `:name#regex#` at `start`.
    static func colonPart(_ chars: [Character], at start: Int) -> URLPart? {
        var end = start + 1
        while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" { end += 1 }
        let name = String(chars[(start + 1)..<end])
        guard isIdentifier(name) else { return nil }
        var converter: String?
        if end < chars.count, chars[end] == "#", let close = chars[(end + 1)...].firstIndex(of: "#") {
            converter = "re:" + String(chars[(end + 1)..<close])
            end = close + 1
        }
        return URLPart(name: name, converter: converter, range: start..<end)
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// `\d+`, `[0-9]+`, `\d{4}`, `^[0-9]*$`: a regex whose every match is digits.
    static func matchesDigitsOnly(_ regex: String) -> Bool {
        var text = Substring(regex)
        if text.hasPrefix("^") { text = text.dropFirst() }
        if text.hasSuffix("$") { text = text.dropLast() }
        var matched = false
        while !text.isEmpty {
            if text.hasPrefix("\\d") {
                text = text.dropFirst(2)
            } else if text.hasPrefix("[0-9]") {
                text = text.dropFirst(5)
            } else {
                return false
            }
            matched = true
            // An optional quantifier: `+`, `*`, `?`, `{n}`, `{n,m}`.
            if let first = text.first, "+*?".contains(first) {
                text = text.dropFirst()
            } else if text.first == "{", let close = text.firstIndex(of: "}"),
                      text[text.index(after: text.startIndex)..<close].allSatisfy({ $0.isNumber || $0 == "," }) {
                text = text[text.index(after: close)...]
            }
        }
        return matched
    }
}

private extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while text.first == " " { text = text.dropFirst() }
        while text.last == " " { text = text.dropLast() }
        return String(text)
    }
}

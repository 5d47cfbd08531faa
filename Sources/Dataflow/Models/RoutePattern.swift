/// URL patterns as frameworks write them, read as data: the parameters a path names and what
/// each accepts. `{name}`/`{name:converter}`/`{name:regex}` (Starlette, FastAPI, aiohttp,
/// Falcon's `{id:int}`, Pyramid's `{id:\d+}`), `<name>`/`<int:name>` (Werkzeug's converter
/// first: Flask, Quart, Django) and `<name:int>`/`<name:re:regex>` (name first: Sanic, Bottle),
/// Bottle's legacy `:name`/`:name#regex#` wildcards (`fromColonWildcards`), and Tornado's
/// regular expressions, whose capture groups become `{name:group}` placeholders.
public enum RoutePattern {
    /// One placeholder of a path: its name and its converter or regular expression, if any.
    public struct Parameter: Sendable, Hashable {
        public let name: String
        public let converter: String?
    }

    /// Werkzeug's converters: in `<a:b>`, when `a` is one of them the name is `b` (Flask
    /// `<int:id>`); otherwise `a` is the name and `b` its type (Sanic `<id:int>`).
    static let werkzeugConverters: Set<String> = ["default", "string", "any", "path", "int", "float", "uuid",
                                                  // Django's `path()` converters come first too (`<str:name>`, `<slug:slug>`).
                                                  "str", "slug"]
    /// Sanic's and Bottle's types, written after the name (`<id:int>`, `<name:alpha>`).
    static let nameFirstTypes: Set<String> = ["str", "int", "float", "alpha", "slug", "path", "uuid", "ymd", "ext", "number", "strorempty", "re", "filter"]

    /// The placeholders of `path`, in order.
    public static func parameters(in path: String) -> [Parameter] {
        pieces(of: path).compactMap { if case .placeholder(let parameter) = $0 { return parameter }; return nil }
    }

    /// The path with each placeholder replaced by `values[name]`, else `fallback`.
    public static func concrete(_ path: String, _ values: [String: String], fallback: String = "1") -> String {
        pieces(of: path).map { piece in
            switch piece {
            case .literal(let text): return text
            case .placeholder(let parameter): return values[parameter.name] ?? fallback
            }
        }.joined()
    }

    enum Piece {
        case literal(String)
        case placeholder(Parameter)
    }

    /// The path cut into literal text and placeholders (`{...}` may nest braces: aiohttp's
    /// `{year:\d{4}}`).
    static func pieces(of path: String) -> [Piece] {
        var out: [Piece] = []
        var literal = ""
        var current: String?
        var closing: Character = "}"
        var depth = 0
        for character in path {
            if let text = current {
                if character == "{" { depth += 1 }
                if character == closing && depth == 0 {
                    out.append(.placeholder(parameter(text, braces: closing == "}")))
                    current = nil
                    continue
                }
                if character == "}" { depth -= 1 }
                current = text + String(character)
            } else if character == "{" || character == "<" {
                if !literal.isEmpty { out.append(.literal(literal)) }
                literal = ""
                current = ""
                closing = character == "{" ? "}" : ">"
                depth = 0
            } else {
                literal.append(character)
            }
        }
        if !literal.isEmpty { out.append(.literal(literal)) }
        return out
    }

    static func parameter(_ text: String, braces: Bool) -> Parameter {
        guard let colon = text.firstIndex(of: ":") else { return Parameter(name: text, converter: nil) }
        let first = String(text[..<colon])
        let rest = String(text[text.index(after: colon)...])
        if braces { return Parameter(name: first, converter: rest) }
        // `<name:re:[a-z]+>` (Bottle's filter with its argument): a Werkzeug name is an identifier.
        if !isIdentifier(rest) { return Parameter(name: first, converter: rest) }
        let converter = first.split(separator: "(").first.map(String.init) ?? first
        let type = rest.split(separator: ":").first.map(String.init) ?? rest
        // `<str:name>` (converter first) against `<name:str>` (name first): the side that is
        // not a type names the part; when both are (`<str:path>`), the converter comes first.
        if nameFirstTypes.contains(type) && !werkzeugConverters.contains(converter) { return Parameter(name: first, converter: rest) }
        if werkzeugConverters.contains(converter) { return Parameter(name: rest, converter: first) }
        return Parameter(name: first, converter: rest)
    }

    /// A Tornado route's regular expression as a path template: the capture groups, in order,
    /// become `{name:group}` placeholders named after `names` (the handler method's parameters
    /// after `self`; a named group `(?P<slug>...)` keeps its own name), anchors and optional
    /// parts (`/?`, `(?:...)?`) are dropped and escapes unescaped. Nil when the expression is
    /// not a path (no leading `/`).
    public static func fromRegex(_ regex: String, names: [String]) -> String? {
        var chars = Array(regex)
        if chars.first == "^" { chars.removeFirst() }
        if chars.last == "$", chars.count < 2 || chars[chars.count - 2] != "\\" { chars.removeLast() }
        guard chars.first == "/" else { return nil }
        var out = ""
        var index = 0
        var group = 0
        while index < chars.count {
            let character = chars[index]
            switch character {
            case "\\":
                if index + 1 < chars.count { out.append(chars[index + 1]) }
                index += 2
            case "(":
                let end = closingParenthesis(chars, from: index)
                let inner = String(chars[(index + 1)..<end])
                index = end + 1
                let optional = index < chars.count && (chars[index] == "?" || chars[index] == "*")
                if index < chars.count, "?*+".contains(chars[index]) { index += 1 }
                if inner.hasPrefix("?:") {
                    // A non-capturing group: its literal text, unless optional.
                    if !optional, let literal = fromRegex("/" + inner.dropFirst(2), names: []) { out += literal.dropFirst() }
                    continue
                }
                var name = group < names.count ? names[group] : "arg\(group + 1)"
                var pattern = inner
                if inner.hasPrefix("?P<"), let close = inner.firstIndex(of: ">") {
                    name = String(inner[inner.index(inner.startIndex, offsetBy: 3)..<close])
                    pattern = String(inner[inner.index(after: close)...])
                }
                group += 1
                out += "{\(name):\(pattern)}"
            case "?", "*", "+":
                // The character before was optional or repeated: keep one, unless optional.
                if character != "+", !out.isEmpty { out.removeLast() }
                index += 1
            case "[", ".":
                // A character class or wildcard outside a group: any one character; `x` stands in.
                if character == "[", let close = chars[index...].firstIndex(of: "]") { index = close + 1 } else { index += 1 }
                out.append("x")
            default:
                out.append(character)
                index += 1
            }
        }
        return out
    }

    /// The index of the `)` matching the `(` at `start` (escapes and character classes skipped).
    static func closingParenthesis(_ chars: [Character], from start: Int) -> Int {
        var depth = 0
        var index = start
        var inClass = false
        while index < chars.count {
            let character = chars[index]
            if character == "\\" { index += 2; continue }
            if inClass {
                if character == "]" { inClass = false }
            } else if character == "[" {
                inClass = true
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
                if depth == 0 { return index }
            }
            index += 1
        }
        return chars.count
    }

    /// Does the handler receive this placeholder as text? Not when its converter is one of the
    /// framework's `nonTextConverters` (arguments allowed: Falcon's `{n:int(min=1)}`), nor when
    /// its regular expression matches digits only (`{id:\d+}`, Bottle's `<id:re:[0-9]+>`).
    public static func isText(_ parameter: Parameter, nonTextConverters: Set<String>) -> Bool {
        guard let converter = parameter.converter else { return true }
        let name = String(converter.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
        if !name.isEmpty, name.count == converter.count || converter.dropFirst(name.count).first == "(" {
            return !nonTextConverters.contains(name)
        }
        return !matchesOnlyDigits(converter.hasPrefix("re:") ? String(converter.dropFirst(3)) : converter)
    }

    /// A path written with Bottle's legacy wildcards in its current syntax (`/hello/:name` is
    /// `/hello/<name>`, `:id#[0-9]+#` is `<id:re:[0-9]+>`), so every later reader sees one syntax.
    public static func fromColonWildcards(_ path: String) -> String {
        let chars = Array(path)
        var out = ""
        var index = 0
        while index < chars.count {
            // A part in the current syntax (`<name:path>`) is kept as written.
            if chars[index] == "<", let close = chars[index...].firstIndex(of: ">") {
                out += String(chars[index...close])
                index = close + 1
                continue
            }
            guard chars[index] == ":" else {
                out.append(chars[index])
                index += 1
                continue
            }
            var end = index + 1
            while end < chars.count, chars[end].isLetter || chars[end].isNumber || chars[end] == "_" { end += 1 }
            let name = String(chars[(index + 1)..<end])
            guard isIdentifier(name) else {
                out.append(chars[index])
                index += 1
                continue
            }
            var filter = ""
            if end < chars.count, chars[end] == "#", let close = chars[(end + 1)...].firstIndex(of: "#") {
                filter = ":re:" + String(chars[(end + 1)..<close])
                end = close + 1
            }
            out += "<\(name)\(filter)>"
            index = end
        }
        return out
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.first, first.isLetter || first == "_" else { return false }
        return text.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
    }

    /// A regular expression that matches only digits (and a sign): `\d+`, `[0-9]{1,6}`, `-?\d+`,
    /// `^[0-9]*$` (anchors aside). A capture group like this hands the handler a number's text,
    /// which carries no attack.
    public static func matchesOnlyDigits(_ regex: String) -> Bool {
        var rest = Substring(regex)
        if rest.hasPrefix("^") { rest = rest.dropFirst() }
        if rest.hasSuffix("$") { rest = rest.dropLast() }
        if rest.hasPrefix("-?") { rest = rest.dropFirst(2) }
        var sawDigits = false
        while !rest.isEmpty {
            if rest.hasPrefix("\\d") {
                rest = rest.dropFirst(2)
            } else if rest.hasPrefix("[0-9]") {
                rest = rest.dropFirst(5)
            } else {
                return false
            }
            sawDigits = true
            // A quantifier: `+`, `*`, `?` or `{m,n}`.
            if let first = rest.first, "+*?".contains(first) {
                rest = rest.dropFirst()
            } else if rest.first == "{", let close = rest.firstIndex(of: "}"),
                      rest[rest.index(after: rest.startIndex)..<close].allSatisfy({ $0.isNumber || $0 == "," }) {
                rest = rest[rest.index(after: close)...]
            }
        }
        return sawDigits
    }
}

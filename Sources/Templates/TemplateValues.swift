/// What a template produces and which of its names it defines itself, so `|safe` is judged by
/// what it can hold: nothing to escape in a plain-text mail body or a YAML file, and nothing
/// from outside in `{% cycle '' '</tr><tr>' as trtr silent %} ... {{ trtr|safe }}`.
enum TemplateOutput: Equatable {
    case html, text

    /// Endings that only say "a template", not what it produces (`welcome.txt.j2`).
    static let templateEndings: Set<String> = ["j2", "jinja", "jinja2", "tmpl", "tpl"]
    static let htmlEndings: Set<String> = ["html", "htm", "xhtml", "xml", "svg", "djhtml", "jhtml"]
    static let textEndings: Set<String> = ["txt", "text", "md", "markdown", "rst", "yaml", "yml", "json", "conf", "cfg", "ini", "toml", "sh",
                                           "bash", "py", "sql", "csv", "env", "service", "properties", "eml", "ics", "tf", "hcl", "nginx", "j2txt"]

    /// From the file name (`mail/welcome.txt.j2`, `deploy/nginx.conf.jinja2`: text;
    /// `page.html`: HTML); a name that says only "template" (`macros.j2`) is HTML when its
    /// content holds markup or extends, includes or imports an HTML template, and text otherwise.
    static func of(path: String, bytes: [UInt8], tokens: [TemplateToken]) -> TemplateOutput {
        let name = path.lowercased().split(separator: "/").last.map(String.init) ?? path.lowercased()
        var parts = name.split(separator: ".").map(String.init)
        if parts.count > 1 { parts.removeFirst() }
        while let last = parts.last, templateEndings.contains(last) { parts.removeLast() }
        if let ending = parts.last {
            if htmlEndings.contains(ending) { return .html }
            if textEndings.contains(ending) { return .text }
        }
        if hasMarkup(bytes) { return .html }
        for token in tokens where token.kind == .tag {
            guard let word = TemplateLexer.firstWord(token.body), ["extends", "include", "import", "from"].contains(word) else { continue }
            if htmlEndings.contains(where: { token.body.lowercased().contains(".\($0)") }) { return .html }
        }
        return .text
    }

    /// `<` followed by a letter, `/` or `!`: an HTML tag, end tag, comment or doctype.
    static func hasMarkup(_ bytes: [UInt8]) -> Bool {
        guard bytes.count > 1 else { return false }
        for i in 0..<(bytes.count - 1) where bytes[i] == UInt8(ascii: "<") {
            let next = bytes[i + 1] | 0x20
            if (next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z")) || bytes[i + 1] == UInt8(ascii: "/") || bytes[i + 1] == UInt8(ascii: "!") { return true }
        }
        return false
    }
}

/// The names a template defines for itself, by scope (`{% with %}`, `{% for %}`, `{% macro %}`
/// and `{% block %}` open one), and whether each holds only text written in the template:
/// `{% set sep = "<br>" %}`, `{% with cls="active" %}`, `{% cycle '' '</tr><tr>' as trtr %}`,
/// `{% firstof "a" "b" as x %}`, `{% trans "Save" as label %}`, `{% now "Y" as year %}`.
struct TemplateScopes {
    private var scopes: [[String: Bool]] = [[:]]
    private var openers: [String] = []

    static let scoping: Set<String> = ["with", "for", "macro", "call", "block", "filter"]

    /// Whether `name` is defined by the template with constant text (nil: not defined here,
    /// so it comes from the render context).
    func isConstant(_ name: String) -> Bool? {
        for scope in scopes.reversed() { if let value = scope[name] { return value } }
        return nil
    }

    mutating func define(_ name: String, constant: Bool) { scopes[scopes.count - 1][name] = constant }

    /// Update the scopes for one `{% tag %}`.
    mutating func apply(tag body: String) {
        let tokens = TemplateTokenizer.tokens(body)
        guard case .name(let word)? = tokens.first else { return }
        let rest = Array(tokens.dropFirst())
        if word.hasPrefix("end"), openers.last == String(word.dropFirst(3)) {
            openers.removeLast()
            scopes.removeLast()
            return
        }
        if Self.scoping.contains(word) {
            openers.append(word)
            scopes.append([:])
        }
        switch word {
        case "with":
            if let asIndex = rest.firstIndex(of: .name("as")), asIndex + 1 < rest.count, case .name(let name) = rest[asIndex + 1] {
                define(name, constant: isConstant(Array(rest[..<asIndex])))
                return
            }
            for (name, value) in Self.assignments(rest) { define(name, constant: isConstant(value)) }
        case "for":
            // Loop variables come from what is iterated: not constant.
            for token in rest { if token == .name("in") { break }; if case .name(let name) = token { define(name, constant: false) } }
        case "macro", "call":
            for token in rest.dropFirst() { if case .name(let name) = token { define(name, constant: false) } }
        case "set":
            guard case .name(let name)? = rest.first else { return }
            if rest.count == 1 {
                // `{% set x %}...{% endset %}`: the block's own output, escaped like the rest.
                define(name, constant: true)
            } else if rest.count > 2, rest[1] == .op("=") {
                define(name, constant: isConstant(Array(rest[2...])))
            } else {
                for token in rest { if token == .op("=") { break }; if case .name(let n) = token { define(n, constant: false) } }
            }
        case "cycle", "firstof", "trans", "translate", "now":
            guard let asIndex = rest.firstIndex(of: .name("as")), asIndex + 1 < rest.count, case .name(let name) = rest[asIndex + 1] else { return }
            let values = Array(rest[..<asIndex])
            let constant = word == "trans" || word == "translate" || word == "now"
                ? values.first.map { if case .string = $0 { return true } else { return false } } ?? false
                : !values.isEmpty && values.allSatisfy { isConstant([$0]) }
            define(name, constant: constant)
        default:
            break
        }
    }

    /// `a=1 b="x"` (Django) and `a = 1, b = "x"` (Jinja2) split into names and value tokens.
    static func assignments(_ tokens: [TemplateTokenizer.Token]) -> [(String, [TemplateTokenizer.Token])] {
        var out: [(String, [TemplateTokenizer.Token])] = []
        var i = 0
        while i < tokens.count {
            if case .name(let name) = tokens[i], i + 1 < tokens.count, tokens[i + 1] == .op("=") {
                out.append((name, []))
                i += 2
                continue
            }
            if !out.isEmpty, tokens[i] != .op(",") { out[out.count - 1].1.append(tokens[i]) }
            i += 1
        }
        return out
    }

    /// Does an expression produce only text written in the template? Literals, constant names,
    /// `~`/`+` of them, filters, and either branch of `a if cond else b` (the condition picks,
    /// it is not printed); `loop.cycle('odd', 'even')`.
    func isConstant(_ tokens: [TemplateTokenizer.Token]) -> Bool {
        guard !tokens.isEmpty else { return false }
        var depth = 0
        for (index, token) in tokens.enumerated() {
            switch token {
            case .op("("), .op("["): depth += 1
            case .op(")"), .op("]"): depth -= 1
            case .name("if") where depth == 0:
                guard let elseIndex = tokens[index...].lastIndex(of: .name("else")) else { return isConstant(Array(tokens[..<index])) }
                return isConstant(Array(tokens[..<index])) && isConstant(Array(tokens[(elseIndex + 1)...]))
            default: break
            }
        }
        let keywords: Set<String> = ["true", "false", "none", "True", "False", "None", "and", "or", "not", "in", "is"]
        var previous: TemplateTokenizer.Token?
        var i = 0
        while i < tokens.count {
            let token = tokens[i]
            defer { previous = token; i += 1 }
            switch token {
            case .string, .number: continue
            case .op(let op):
                if op == "." || op == "[" { return false }
                continue
            case .name(let name):
                if previous == .op("|") || keywords.contains(name) { continue }
                if name == "loop", i + 2 < tokens.count, tokens[i + 1] == .op("."), tokens[i + 2] == .name("cycle") {
                    i += 2
                    continue
                }
                if isConstant(name) != true { return false }
            }
        }
        return true
    }
}

/// Splits a template expression or tag into strings, numbers, names and operators.
enum TemplateTokenizer {
    enum Token: Equatable {
        case string, number
        case name(String)
        case op(String)
    }

    static func tokens(_ text: String) -> [Token] {
        var out: [Token] = []
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" { i += 1; continue }
            if c == "\"" || c == "'" {
                i += 1
                while i < chars.count, chars[i] != c { if chars[i] == "\\" { i += 1 }; i += 1 }
                i += 1
                out.append(.string)
            } else if c.isNumber {
                while i < chars.count, chars[i].isNumber || chars[i] == "." || chars[i] == "_" { i += 1 }
                out.append(.number)
            } else if c.isLetter || c == "_" {
                var name = ""
                while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "_" { name.append(chars[i]); i += 1 }
                out.append(.name(name))
            } else {
                out.append(.op(String(c)))
                i += 1
            }
        }
        return out
    }
}

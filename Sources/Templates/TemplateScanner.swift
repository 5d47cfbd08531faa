import Findings

/// What a template scan found in one file.
public struct TemplateScanResult: Sendable {
    public var findings: [Finding] = []
    /// `{# ... #}` comments as `(line, "# text")`, so `{# taintline: ignore[ID] #}` and
    /// `{# nosec #}` suppress like Python comments do.
    public var comments: [(line: Int, text: String)] = []
    /// The macro-like calls the template makes (see `TemplateMacros`).
    public var macroCalls: [TemplateMacros.Call] = []
}

/// Checks Jinja2 and Django templates for output that escapes autoescaping: `|safe`,
/// `autoescape` turned off, values in unquoted attributes. Pure and thread-safe.
public enum TemplateScanner {
    /// File name endings treated as templates.
    static let extensions = [".html", ".htm", ".jinja", ".jinja2", ".j2", ".djhtml", ".jhtml", ".xhtml"]

    /// Whether a file is a template by its name.
    public static func isTemplate(path: String) -> Bool {
        let lower = path.lowercased()
        return extensions.contains { lower.hasSuffix($0) }
    }

    public static func scan(bytes: [UInt8], displayPath: String) -> TemplateScanResult {
        var result = TemplateScanResult()
        let tokens = TemplateLexer.tokens(in: bytes)
        guard !tokens.isEmpty else { return result }
        let lines = bytes.split(separator: 10, omittingEmptySubsequences: false)
        func snippet(_ line: Int) -> String {
            guard line >= 1, line <= lines.count else { return "" }
            return String(decoding: lines[line - 1], as: UTF8.self).trimmed(of: " \t\r")
        }
        func report(_ rule: TemplateRule, _ token: TemplateToken, _ description: String, fix: String? = nil, severity: Severity? = nil,
                    confidence: Confidence? = nil) {
            let location = Location(file: displayPath, startLine: token.line, startColumn: token.column, endLine: token.endLine)
            result.findings.append(Finding(ruleID: rule.id, title: rule.descriptor.summary, severity: severity ?? rule.descriptor.severity,
                                           confidence: confidence ?? rule.descriptor.confidence, owasp: rule.descriptor.owasp, cwe: rule.descriptor.cwe,
                                           location: location, description: description, remediation: rule.remediation, fixSnippet: fix,
                                           references: rule.descriptor.references, analysis: .code, snippet: snippet(token.line)))
        }
        // A template that produces no HTML (a plain-text mail, a YAML file) has nothing for
        // autoescaping to do: `|safe` and `{% autoescape off %}` change nothing in it.
        let output = TemplateOutput.of(path: displayPath, bytes: bytes, tokens: tokens.map(\.token))
        var scopes = TemplateScopes()
        var macros: [TemplateMacros.Definition?] = []
        for (token, unquoted) in tokens {
            if token.kind == .tag || token.kind == .expression {
                let words = TemplateTokenizer.tokens(token.body)
                result.macroCalls += TemplateMacros.calls(token.kind == .tag && words.first == .name("macro") ? [] : words)
                if token.kind == .tag, case .name(let word)? = words.first {
                    if word == "macro" { macros.append(TemplateMacros.definition(Array(words.dropFirst()))) }
                    if word == "endmacro", !macros.isEmpty { macros.removeLast() }
                }
            }
            if token.kind == .tag { scopes.apply(tag: token.body) }
            if output == .text, token.kind != .comment { continue }
            switch token.kind {
            case .comment:
                result.comments.append((token.line, "# " + token.body))
            case .tag:
                let words = token.body.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
                guard let first = words.first else { continue }
                if first == "autoescape", words.count >= 2, ["false", "off"].contains(words[1].lowercased()) {
                    report(TemplateRules.autoescapeOff, token, "`{% \(token.body) %}` writes every value inside the block without HTML escaping.")
                } else if first == "filter", let chain = words.dropFirst().first, TemplateExpression.filters(in: chain).contains(where: { $0 == "safe" }) {
                    report(TemplateRules.safeFilter, token, "`{% \(token.body) %}` marks the whole block's output as safe HTML, so values inside it are not escaped.")
                }
            case .expression:
                let expression = TemplateExpression(token.body)
                if let index = expression.filters.firstIndex(where: { $0 == "safe" || $0 == "safeseq" }), !expression.isLiteral,
                   !expression.filters[..<index].contains(where: { TemplateExpression.neutralising.contains($0) || TemplateExpression.isSanitizingFilter($0) }),
                   !scopes.isConstant(TemplateTokenizer.tokens(expression.value)), !expression.isMarkupFreeValue {
                    let filter = expression.filters[index]
                    // What a macro or widget the template calls renders (`field(**kwargs)`,
                    // `search_widget()`) is the application's own HTML, escaped where it is built.
                    let rendered = expression.isCall
                    // `settings.X` (Django's settings in the context), `config.X`/`config["X"]`
                    // (Flask's configuration in every template): written by the deployment's
                    // developers and administrators, not by visitors.
                    let configuration = TemplateExpression.configurationRoots.contains { expression.value.hasPrefix($0) }
                    let note = rendered
                        ? " (it is what a call renders, which is usually built and escaped by the application's own code: check that it escapes what it is given)."
                        : configuration ? " (it is the deployment's configuration, written by its developers and administrators: this matters only if less trusted users can change it)." : "."
                    report(TemplateRules.safeFilter, token,
                           "`{{ \(token.body) }}` marks `\(expression.value)` as safe HTML with `|\(filter)`: whatever it holds is written unescaped" + note,
                           fix: "{{ \(expression.value) }}", severity: rendered || configuration ? .low : nil, confidence: rendered || configuration ? .low : nil)
                    // A parameter of the macro being defined: judged later against its calls.
                    if let macro = macros.last ?? nil, case .name(let root)? = TemplateTokenizer.tokens(expression.value).first,
                       let position = macro.parameters.firstIndex(where: { $0.name == root }) {
                        result.findings[result.findings.count - 1].properties.merge([
                            TemplateMacros.macroKey: macro.name, TemplateMacros.parameterKey: root, TemplateMacros.positionKey: String(position),
                            TemplateMacros.defaultKey: macro.parameters[position].literalDefault ? "1" : "0",
                        ]) { _, new in new }
                    }
                }
                if unquoted, !expression.isLiteral, !expression.filters.contains(where: TemplateExpression.attributeSafe.contains) {
                    report(TemplateRules.unquotedAttribute, token,
                           "`{{ \(token.body) }}` is an unquoted attribute value: a space in `\(expression.value)` starts a new attribute, such as an event handler.",
                           fix: "\"{{ \(token.body) }}\"")
                }
            }
        }
        return result
    }
}

/// A `{{ }}` body split into its value and its filter chain (`user.name|title|safe` →
/// value `user.name`, filters `title`, `safe`), at the top level only (not inside strings,
/// calls or brackets).
struct TemplateExpression {
    var value: String
    var filters: [String]

    /// Filters whose output is already escaped or carries no markup: `|safe` after them is harmless.
    /// Template values that are the deployment's configuration.
    static let configurationRoots = ["settings.", "config.", "config["]
    static let neutralising: Set<String> = ["e", "escape", "forceescape", "tojson", "json_script", "urlencode", "int", "float",
                                            "length", "count", "wordcount", "filesizeformat", "escapejs", "iriencode", "urlize"]
    /// Filters whose output cannot contain a space.
    static let attributeSafe: Set<String> = ["int", "float", "length", "count", "wordcount", "urlencode", "iriencode", "slugify"]

    init(_ body: String) {
        let parts = Self.splitTopLevel(body)
        value = (parts.first ?? "").trimmed(of: " \t\r\n")
        filters = parts.dropFirst().map { Self.filterName($0) }
    }

    /// The filter names of a `{% filter a|b %}` chain.
    static func filters(in chain: String) -> [String] {
        splitTopLevel(chain).map { filterName($0) }
    }

    /// Custom filters whose name says they clean HTML (`clean_string`, `sanitize_html`, `bleach`).
    static func isSanitizingFilter(_ name: String) -> Bool {
        let lower = name.lowercased()
        return ["clean", "sanitiz", "sanitis", "bleach", "nh3", "purif", "striptags", "strip_tags"].contains { lower.contains($0) }
    }

    /// Translation functions of Jinja2 (`_`, `gettext`, `ngettext`) and their peers.
    static let translations: Set<String> = ["_", "gettext", "ngettext", "pgettext", "npgettext", "ugettext", "lazy_gettext", "trans",
                                            "_gettext", "_ngettext", "_lazy_gettext"]

    /// A call written in the template (`field(**kwargs)`, `widgets.get('list')()`), at the top level.
    var isCall: Bool { value.hasSuffix(")") && value.contains("(") && !value.hasPrefix("(") }

    /// A value that holds no markup from outside the program: a translation of a literal whose
    /// placeholders are literals, `url_for(...)` or escaped values (`_('See <a href="%(url)s">',
    /// url=url_for('x'))`), or a URL from `url_for(...)`.
    var isMarkupFreeValue: Bool {
        guard let open = value.firstIndex(of: "("), value.hasSuffix(")") else { return false }
        let callee = value[..<open].trimmed(of: " ")
        let inside = value[value.index(after: open)..<value.index(before: value.endIndex)]
        if callee == "url_for" { return true }
        guard Self.translations.contains(String(callee)) else { return false }
        let arguments = Self.splitTopLevel(String(inside), separator: ",")
        guard let first = arguments.first, TemplateExpression(String(first)).isLiteral else { return false }
        return arguments.dropFirst().allSatisfy { argument in
            var text = argument.trimmed(of: " \t\r\n")
            // `name=value`: the value (an `=` outside brackets and strings).
            if let equals = text.firstIndex(of: "="), !text[..<equals].contains(where: { "(\"'[".contains($0) }) {
                text = text[text.index(after: equals)...].trimmed(of: " ")
            }
            let part = TemplateExpression(String(text))
            return part.isLiteral || part.value.hasPrefix("url_for(") || part.filters.contains(where: Self.neutralising.contains)
        }
    }

    var isLiteral: Bool {
        guard let first = value.first else { return true }
        if first == "\"" || first == "'" { return value.count >= 2 && value.last == first }
        return value.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" } || ["true", "false", "none", "True", "False", "None"].contains(value)
    }

    private static func filterName(_ part: Substring) -> String {
        let trimmed = part.trimmed(of: " \t\r\n")
        return String(trimmed.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
    }

    private static func splitTopLevel(_ body: String, separator: Character = "|") -> [Substring] {
        var parts: [Substring] = []
        var depth = 0
        var quote: Character?
        var start = body.startIndex
        var index = body.startIndex
        while index < body.endIndex {
            let c = body[index]
            if let q = quote {
                if c == "\\" { index = body.index(after: index); if index == body.endIndex { break } } else if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "(" || c == "[" || c == "{" {
                depth += 1
            } else if c == ")" || c == "]" || c == "}" {
                depth = max(0, depth - 1)
            } else if c == separator, depth == 0 {
                parts.append(body[start..<index])
                start = body.index(after: index)
            }
            index = body.index(after: index)
        }
        parts.append(body[start...])
        return parts
    }
}

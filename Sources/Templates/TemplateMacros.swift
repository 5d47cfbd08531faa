import Findings

/// Jinja2 macros whose `|safe` parameters every caller fills with text written in a template:
/// `{% macro add_modal_button(url='', content='') %}{{ content|safe }}{% endmacro %}`, called
/// as `lib.add_modal_button(url=u, content='<span class="fa fa-plus"></span>')` everywhere in
/// the project. Such a parameter holds the templates' own markup, so the `|safe` is not
/// reported. A macro is matched to its calls by name across every template the scan reads
/// (the call sites are usually in other files: a `lib.html` of macros, pages that import it).
public enum TemplateMacros {
    /// One call of a macro-like name in a template: which of its arguments are literals.
    public struct Call: Sendable, Hashable, Codable {
        public var name: String
        /// Keyword arguments: whether each is a literal (a string or a number).
        public var keywords: [String: Bool]
        /// Positional arguments, in order: whether each is a literal.
        public var positional: [Bool]
    }

    /// A macro being defined: its name and parameters, with whether each default is a literal.
    struct Definition {
        var name: String
        var parameters: [(name: String, literalDefault: Bool)]
    }

    /// Keys of a finding's properties that tie it to a macro parameter (removed once judged).
    static let macroKey = "templateMacro", parameterKey = "templateMacroParameter", positionKey = "templateMacroPosition",
               defaultKey = "templateMacroLiteralDefault"

    /// `{% macro name(a, b='x', c=1) %}`: the definition, from the tag's tokens after `macro`.
    static func definition(_ tokens: [TemplateTokenizer.Token]) -> Definition? {
        guard case .name(let name)? = tokens.first, tokens.count > 1, tokens[1] == .op("(") else { return nil }
        var parameters: [(String, Bool)] = []
        for argument in arguments(Array(tokens.dropFirst(2))) {
            guard case .name(let parameter)? = argument.first else { continue }
            let value = argument.count > 2 && argument[1] == .op("=") ? Array(argument.dropFirst(2)) : []
            parameters.append((parameter, isLiteral(value)))
        }
        return Definition(name: name, parameters: parameters)
    }

    /// Every call in an expression or tag (`lib.render_field(f, begin_sep='<div>')`), by the
    /// last name before its parenthesis.
    static func calls(_ tokens: [TemplateTokenizer.Token]) -> [Call] {
        var out: [Call] = []
        for index in tokens.indices.dropFirst() where tokens[index] == .op("(") {
            guard case .name(let name) = tokens[index - 1] else { continue }
            var keywords: [String: Bool] = [:]
            var positional: [Bool] = []
            for argument in arguments(Array(tokens[(index + 1)...])) where !argument.isEmpty {
                if argument.count > 2, case .name(let keyword) = argument[0], argument[1] == .op("=") {
                    keywords[keyword] = isLiteral(Array(argument.dropFirst(2)))
                } else {
                    positional.append(isLiteral(argument))
                }
            }
            out.append(Call(name: name, keywords: keywords, positional: positional))
        }
        return out
    }

    /// The comma-separated arguments after an opening parenthesis, up to its closing one.
    static func arguments(_ tokens: [TemplateTokenizer.Token]) -> [[TemplateTokenizer.Token]] {
        var out: [[TemplateTokenizer.Token]] = [[]]
        var depth = 0
        for token in tokens {
            switch token {
            case .op("("), .op("["), .op("{"): depth += 1
            case .op(")"), .op("]"), .op("}"):
                if depth == 0 { return out.last?.isEmpty == true ? Array(out.dropLast()) : out }
                depth -= 1
            case .op(",") where depth == 0:
                out.append([])
                continue
            default: break
            }
            out[out.count - 1].append(token)
        }
        return out
    }

    /// A string or a number, or the translation of a string (`_gettext('Create')`).
    static func isLiteral(_ tokens: [TemplateTokenizer.Token]) -> Bool {
        if tokens.count == 1 { return tokens[0] == .string || tokens[0] == .number }
        guard tokens.count == 4, case .name(let function) = tokens[0], TemplateExpression.translations.contains(function) else { return false }
        return tokens[1] == .op("(") && tokens[2] == .string && tokens[3] == .op(")")
    }

    /// The template findings without the `|safe` on macro parameters that every call of the
    /// macro in `calls` fills with a literal (or leaves to a literal default); a macro never
    /// called in the scanned templates keeps its findings.
    public static func filter(_ findings: [Finding], calls: [Call]) -> [Finding] {
        let byName = Dictionary(grouping: calls, by: \.name)
        return findings.compactMap { finding in
            guard let macro = finding.properties[macroKey], let parameter = finding.properties[parameterKey] else { return finding }
            var kept = finding
            for key in [macroKey, parameterKey, positionKey, defaultKey] { kept.properties.removeValue(forKey: key) }
            let position = finding.properties[positionKey].flatMap(Int.init) ?? Int.max
            let literalDefault = finding.properties[defaultKey] == "1"
            guard let sites = byName[macro], !sites.isEmpty else { return kept }
            let alwaysLiteral = sites.allSatisfy { call in
                if let keyword = call.keywords[parameter] { return keyword }
                if position < call.positional.count { return call.positional[position] }
                return literalDefault
            }
            return alwaysLiteral ? nil : kept
        }
    }
}

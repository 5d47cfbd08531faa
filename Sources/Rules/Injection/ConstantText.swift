import Dataflow
import PythonSemantics
import PythonSyntax

/// Text the program itself fixes, for the rules that report markup declared safe
/// (`mark_safe`, `Markup`): literals and folded constants, translations of literals
/// (`_("Example:")`: the words come from the developer and the translators, not from a
/// request), class constants (`self.ICON`), loop variables over a literal list of them, either
/// branch of a conditional, and text built from those alone (`+`, f-strings, `%`, `.format`,
/// `"".join`). Not a rule itself.
enum ConstantText {
    /// gettext and its Django/Flask-Babel spellings; the value is the translation of the
    /// literal arguments (`ngettext`'s count only picks one of them).
    static let translations: [String: [Int]] = {
        var out: [String: [Int]] = [:]
        for module in ["gettext", "django.utils.translation", "flask_babel", "flask_babelex", "babel.support"] {
            for name in ["gettext", "gettext_lazy", "ugettext", "ugettext_lazy", "lazy_gettext", "_", "gettext_noop", "ugettext_noop"] {
                out["\(module).\(name)"] = [0]
            }
            for name in ["pgettext", "pgettext_lazy"] { out["\(module).\(name)"] = [0, 1] }
            for name in ["ngettext", "ngettext_lazy", "ungettext", "ungettext_lazy", "lazy_ngettext"] { out["\(module).\(name)"] = [0, 1] }
            for name in ["npgettext", "npgettext_lazy"] { out["\(module).\(name)"] = [0, 1, 2] }
        }
        return out
    }()

    /// Is every part of the text `expr` produces fixed by the program?
    static func isConstant(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> Bool {
        guard depth < 12 else { return false }
        if context.model.isConstant(expr) { return true }
        let shape = context.model.stringShape(of: expr)
        if shape.holes == [expr] { return isConstantPart(expr, context, depth: depth + 1) }
        return shape.holes.allSatisfy { isConstantPart($0, context, depth: depth + 1) }
    }

    /// One hole of a built string: is its value fixed by the program?
    private static func isConstantPart(_ expr: ExprID, _ context: RuleContext, depth: Int) -> Bool {
        guard depth < 12 else { return false }
        if context.model.isConstant(expr) { return true }
        let tree = context.tree
        switch tree[expr].kind {
        case .call(let function, let args, let keywords):
            if let name = context.call(expr)?.name, let literal = translationArguments(name, context) {
                return literal.allSatisfy { $0 < args.count } && literal.allSatisfy { isConstant(args[$0], context, depth: depth + 1) }
            }
            // `_("... {n} ...").format(n=LIMIT)`, `"<br>".join(LINES)`: a fixed template filled with fixed text.
            if case .attribute(let receiver, let method, _) = tree[function].kind, ["format", "join", "upper", "lower", "strip", "title", "capitalize"].contains(method) {
                guard isConstant(receiver, context, depth: depth + 1) else { return false }
                let values = args + keywords.map(\.value)
                if method == "join", values.count == 1 {
                    switch tree[values[0]].kind {
                    case .list(let elts, _), .tuple(let elts, _): return elts.allSatisfy { isConstant($0, context, depth: depth + 1) }
                    default: return isConstant(values[0], context, depth: depth + 1)
                    }
                }
                return values.allSatisfy { isConstant($0, context, depth: depth + 1) }
            }
            if let name = context.call(expr)?.name, name == "builtins.str", args.count == 1 { return isConstant(args[0], context, depth: depth + 1) }
            // `json.dumps([{"title": self.name, "url": "/admin/"}])`: the JSON of the program's own values.
            if let name = context.call(expr)?.name, name == "json.dumps", let document = args.first { return isConstantDocument(document, context, depth: depth + 1) }
            return false
        case .binOp(let left, .mod, let right):
            guard isConstant(left, context, depth: depth + 1) else { return false }
            if case .tuple(let elts, _) = tree[right].kind { return elts.allSatisfy { isConstant($0, context, depth: depth + 1) } }
            return isConstant(right, context, depth: depth + 1)
        case .binOp(let left, .add, let right):
            return isConstant(left, context, depth: depth + 1) && isConstant(right, context, depth: depth + 1)
        case .joinedStr:
            return isConstant(expr, context, depth: depth + 1)
        case .formattedValue(let value, _, _):
            return isConstant(value, context, depth: depth + 1)
        case .ifExp(_, let body, let orelse):
            return isConstant(body, context, depth: depth + 1) && isConstant(orelse, context, depth: depth + 1)
        case .attribute:
            return SecretTimingCompare.isClassConstant(expr, context)
        case .name:
            let bindings = context.model.reachingBindings(of: expr)
            guard !bindings.isEmpty else { return false }
            return bindings.allSatisfy { binding in
                switch context.model[binding].kind {
                case .assignment(let value?): return isConstant(value, context, depth: depth + 1)
                case .loopTarget(let iterable):
                    switch tree[iterable].kind {
                    case .list(let elts, _), .tuple(let elts, _), .set(let elts):
                        return !elts.isEmpty && elts.allSatisfy { isConstant($0, context, depth: depth + 1) }
                    default: return false
                    }
                default: return false
                }
            }
        default:
            return false
        }
    }

    /// A dict, list or tuple literal (or a name bound once to one) whose every key and leaf is
    /// text, a number or a truth value the program fixes.
    static func isConstantDocument(_ expr: ExprID, _ context: RuleContext, depth: Int) -> Bool {
        guard depth < 12 else { return false }
        let tree = context.tree
        switch tree[expr].kind {
        case .dict(let keys, let values):
            return keys.allSatisfy { $0.map { isConstant($0, context, depth: depth + 1) } ?? false }
                && values.allSatisfy { isConstantDocument($0, context, depth: depth + 1) }
        case .list(let elts, _), .tuple(let elts, _):
            return elts.allSatisfy { isConstantDocument($0, context, depth: depth + 1) }
        case .name:
            if let bound = context.model.followingOneAssignment(expr), bound != expr { return isConstantDocument(bound, context, depth: depth + 1) }
            return isConstant(expr, context, depth: depth + 1)
        default:
            return context.model.constantValue(of: expr) != nil || isConstant(expr, context, depth: depth + 1)
        }
    }

    /// The literal argument positions of a translation call, or nil when `name` is not one.
    /// `_` imported from anywhere or bound to a gettext function (`_ = gettext.gettext`).
    static func translationArguments(_ name: String, _ context: RuleContext) -> [Int]? {
        if let positions = translations[name] { return positions }
        if name == "_" || name.hasSuffix("._") || name.hasSuffix(".gettext") || name.hasSuffix(".gettext_lazy") || name.hasSuffix(".lazy_gettext") { return [0] }
        return nil
    }
}

/// The fix for markup built from text and values (`mark_safe(f"<b>{name}</b>")`): the known
/// text as a format string, the values as arguments, so only the values are escaped. Nil when
/// there is no known text (`mark_safe(body)`) or a value is itself markup (`html`, `rendered`,
/// `widget`): escaping it would break the page, so the fix there is a sanitiser, not a format.
enum MarkupFormat {
    static let markupWords: Set<String> = ["html", "markup", "svg", "rendered", "render", "widget", "safe", "xml", "snippet", "content", "body"]

    static func split(_ value: ExprID, _ context: RuleContext) -> (template: String, arguments: [String])? {
        // A template written with `%` or `.format`: its placeholders, or no format fix at all.
        if let written = writtenTemplate(value, context) { return written }
        let shape = context.model.stringShape(of: value)
        guard shape.parts.contains(where: { if case .literal(let text) = $0 { return !text.isEmpty } else { return false } }),
              !shape.holes.isEmpty else { return nil }
        var template = ""
        var arguments: [String] = []
        for part in shape.parts {
            switch part {
            case .literal(let text):
                template += text.replacingBraces()
            case .hole(let hole):
                let words = WebAuthSupport.valueName(hole, context).map(WebAuthSupport.words) ?? []
                if words.contains(where: markupWords.contains) { return nil }
                template += "{}"
                arguments.append(context.text(hole, limit: 80))
            }
        }
        return (template, arguments)
    }

    /// `"<b>%s</b>" % name` and `"<b>{}</b>".format(name)`: the template is written out, with
    /// its own placeholders (the string shape only lists the values after it). `%s`, `%d`,
    /// `%i`, `%r` and `%%` become `format_html`'s `{}`, `{}`, `{}`, `{!r}` and `%`. Nil when the
    /// value is not such a template; `.some(nil)` when it is one with no `format_html` twin
    /// (`%(name)s`, `%5.2f`, a value that is itself markup).
    static func writtenTemplate(_ value: ExprID, _ context: RuleContext) -> (template: String, arguments: [String])?? {
        let tree = context.tree
        var template: String
        var values: [ExprID]
        var keywords: [Keyword] = []
        switch tree[value].kind {
        case .binOp(let left, .mod, let right):
            guard let written = context.string(left) else { return nil }
            values = [right]
            if case .tuple(let elts, _) = tree[right].kind { values = elts }
            guard let converted = formatTemplate(percent: written, count: values.count) else { return .some(nil) }
            template = converted
        case .call(let function, let args, let named):
            guard case .attribute(let receiver, "format", _) = tree[function].kind, let written = context.string(receiver),
                  !named.contains(where: { $0.arg == nil }) else { return nil }
            template = written
            values = args
            keywords = named
        default:
            return nil
        }
        guard !values.isEmpty || !keywords.isEmpty else { return .some(nil) }
        for hole in values + keywords.map(\.value) {
            let words = WebAuthSupport.valueName(hole, context).map(WebAuthSupport.words) ?? []
            if words.contains(where: markupWords.contains) { return .some(nil) }
        }
        let arguments = values.map { context.text($0, limit: 80) } + keywords.map { "\($0.arg ?? "")=\(context.text($0.value, limit: 80))" }
        return (template, arguments)
    }

    /// A `%`-template as a `str.format` one, when it holds exactly `count` plain conversions.
    static func formatTemplate(percent template: String, count: Int) -> String? {
        var out = ""
        var conversions = 0
        var chars = template.makeIterator()
        while let c = chars.next() {
            guard c == "%" else {
                if c == "{" { out += "{{" } else if c == "}" { out += "}}" } else { out.append(c) }
                continue
            }
            switch chars.next() {
            case "%": out.append("%")
            case "s", "d", "i": out += "{}"; conversions += 1
            case "r": out += "{!r}"; conversions += 1
            default: return nil
            }
        }
        return conversions == count ? out : nil
    }

    /// A Python string literal of `text`.
    static func literal(_ text: String) -> String {
        var out = "\""
        for c in text {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            default: out.append(c)
            }
        }
        return out + "\""
    }
}

private extension String {
    func replacingBraces() -> String {
        var out = ""
        for c in self {
            if c == "{" { out += "{{" } else if c == "}" { out += "}}" } else { out.append(c) }
        }
        return out
    }
}

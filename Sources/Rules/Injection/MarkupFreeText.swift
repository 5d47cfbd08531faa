import Dataflow
import PythonSemantics
import PythonSyntax

/// Values that cannot put markup on a page however they are built, for the rules that report
/// markup declared safe (`mark_safe`, `Markup`): numbers (`int(x)`, `len(x)`, `%d`, `{n:.2f}`),
/// dates and times (`d.isoformat()`, `d.strftime(...)`, `{d:%Y-%m-%d}`), hex digests, a model's
/// primary key, parameters declared as such types, and anything an HTML sanitiser returned.
/// And values that are the deployment's own configuration (`app.config[...]`, Django
/// `settings.X`, a field's `help_text`): written by the developer or the administrator, not by a
/// visitor, so marking them safe is at most a Low finding. Not a rule itself.
enum MarkupFreeText {
    /// Does every run-time part of the text `value` builds hold no markup?
    static func holesAreMarkupFree(_ value: ExprID, _ context: RuleContext) -> Bool {
        runtimeHoles(value, context).allSatisfy { isMarkupFree($0, context) }
    }

    /// Is every run-time part of the text either markup-free or configuration, with at least one
    /// configuration value?
    static func holesAreConfiguration(_ value: ExprID, _ context: RuleContext) -> Bool {
        let holes = runtimeHoles(value, context)
        return holes.contains { isConfiguration($0, context) } && holes.allSatisfy { isMarkupFree($0, context) || isConfiguration($0, context) }
    }

    /// The parts of the text not fixed by the program, minus those a `%` conversion makes a
    /// number (`"<span data-id=%d>" % pk`).
    static func runtimeHoles(_ value: ExprID, _ context: RuleContext) -> [ExprID] {
        let tree = context.tree
        if case .binOp(let left, .mod, let right) = tree[value].kind, let template = context.string(left) {
            let values: [ExprID]
            if case .tuple(let elts, _) = tree[right].kind { values = elts } else { values = [right] }
            let conversions = percentConversions(template)
            guard conversions.count == values.count else { return [value] }
            return zip(conversions, values).compactMap { conversion, hole in
                numericConversions.contains(conversion) || ConstantText.isConstant(hole, context) ? nil : hole
            }
        }
        if ConstantText.isConstant(value, context) { return [] }
        if case .joinedStr(let parts) = tree[value].kind {
            // `f"<time>{d:%Y-%m-%d}</time>"`: a part formatted as a date or a number is no hole.
            return parts.compactMap { part in
                guard case .formattedValue(let inner, _, let spec) = tree[part].kind else { return nil }
                if let spec, isNumericOrDateSpec(spec, context) { return nil }
                return ConstantText.isConstant(inner, context) ? nil : inner
            }
        }
        let shape = context.model.stringShape(of: value)
        if shape.holes == [value] {
            // `"<td>{}</td>".format(x)`: the values passed are the holes.
            if case .call(let function, let args, let keywords) = tree[value].kind, case .attribute(let receiver, "format", _) = tree[function].kind,
               ConstantText.isConstant(receiver, context) {
                return (args + keywords.map(\.value)).filter { !ConstantText.isConstant($0, context) }
            }
            return [value]
        }
        return shape.holes.filter { !ConstantText.isConstant($0, context) }
    }

    /// `%` conversions that format a number (`%c` is a character, so not among them).
    static let numericConversions: Set<Character> = ["d", "i", "o", "u", "x", "X", "e", "E", "f", "F", "g", "G"]

    /// The conversion character of each `%` placeholder of a template, in order (`%%` is none).
    static func percentConversions(_ template: String) -> [Character] {
        var out: [Character] = []
        var index = template.startIndex
        while index < template.endIndex {
            guard template[index] == "%" else { index = template.index(after: index); continue }
            var next = template.index(after: index)
            if next < template.endIndex, template[next] == "%" { index = template.index(after: next); continue }
            // Flags, width, precision and a mapping key (`%(name)s`) come before the conversion.
            if next < template.endIndex, template[next] == "(" {
                guard let close = template[next...].firstIndex(of: ")") else { return out }
                next = template.index(after: close)
            }
            while next < template.endIndex, "#0- +*.0123456789hlL".contains(template[next]) { next = template.index(after: next) }
            guard next < template.endIndex else { return out }
            out.append(template[next])
            index = template.index(after: next)
        }
        return out
    }

    /// `{d:%Y-%m-%d}` formats a date; `{n:d}`/`{x:.2f}` fail unless the value is a number.
    static func isNumericOrDateSpec(_ spec: ExprID, _ context: RuleContext) -> Bool {
        var text = context.string(spec)
        if text == nil, case .joinedStr(let parts) = context.tree[spec].kind, parts.count == 1 { text = context.string(parts[0]) }
        guard let text, !text.isEmpty else { return false }
        return text.contains("%") || text.last.map { "bdeEfFgGnoxX".contains($0) } == true
    }

    /// Methods whose result is a date, a time or hex digits.
    static let markupFreeMethods: Set<String> = ["isoformat", "strftime", "hexdigest", "timestamp", "toordinal", "bit_length"]
    /// Attributes that are a model instance's primary key.
    static let keyAttributes: Set<String> = ["pk", "id"]
    /// Annotations of a parameter that cannot be text.
    static let markupFreeAnnotations: Set<String> = ["int", "float", "bool", "decimal.Decimal", "datetime.date", "datetime.datetime",
                                                     "datetime.time", "datetime.timedelta", "uuid.UUID", "builtins.int", "builtins.float",
                                                     "builtins.bool"]

    static func isMarkupFree(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> Bool {
        guard depth < 6 else { return false }
        let tree = context.tree
        if ConstantText.isConstant(expr, context) { return true }
        switch tree[expr].kind {
        case .formattedValue(let value, _, let spec):
            if let spec, isNumericOrDateSpec(spec, context) { return true }
            return isMarkupFree(value, context, depth: depth + 1)
        case .call(let function, _, _):
            if let name = context.call(expr)?.name, Sanitizers.table[name]?.contains(.html) == true { return true }
            if case .attribute(_, let method, _) = tree[function].kind, markupFreeMethods.contains(method) { return true }
            return MarkupUnsafe.isSanitized(expr, context)
        case .attribute(_, let attr, _):
            return keyAttributes.contains(attr)
        case .name:
            if let binding = context.model.reachingBindings(of: expr).first, context.model.reachingBindings(of: expr).count == 1,
               case .parameter = context.model[binding].kind {
                return annotation(of: binding, context).map { markupFreeAnnotations.contains($0) } ?? false
            }
            let bindings = context.model.reachingBindings(of: expr)
            return !bindings.isEmpty && bindings.allSatisfy { binding in
                guard case .assignment(let value?) = context.model[binding].kind else { return false }
                return isMarkupFree(value, context, depth: depth + 1)
            }
        default:
            return false
        }
    }

    /// The qualified name of a parameter's annotation (`n: int` → `builtins.int` or `int`).
    static func annotation(of binding: BindingID, _ context: RuleContext) -> String? {
        guard let (arg, _, _) = Taint.parameter(binding, context), let annotation = arg.annotation else { return nil }
        return context.qualifiedName(annotation) ?? context.tree.dottedName(annotation)
    }

    /// Configuration: Flask's `app.config[...]`/`current_app.config.get(...)`, Django's
    /// `settings.X`, and help text declared on a form or model field.
    static func isConfiguration(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> Bool {
        guard depth < 6 else { return false }
        let tree = context.tree
        switch tree[expr].kind {
        case .subscript(let base, _, _):
            return isConfigObject(base, context)
        case .call(let function, _, _):
            guard case .attribute(let base, "get", _) = tree[function].kind else { return false }
            return isConfigObject(base, context)
        case .attribute(let base, let attr, _):
            if attr == "help_text" { return true }
            let name = context.qualifiedName(base)
            return name == "django.conf.settings" || name == "django.conf.global_settings"
        case .name:
            let bindings = context.model.reachingBindings(of: expr)
            return !bindings.isEmpty && bindings.allSatisfy { binding in
                guard case .assignment(let value?) = context.model[binding].kind else { return false }
                return isConfiguration(value, context, depth: depth + 1)
            }
        default:
            return false
        }
    }

    /// `app.config`, `current_app.config`, `self.app.config`: a Flask/Quart app's configuration.
    static func isConfigObject(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard case .attribute(let owner, "config", _) = context.tree[expr].kind else { return false }
        if let name = context.qualifiedName(owner), name.hasSuffix("current_app") { return true }
        if let made = context.model.constructorName(of: owner), ["flask.Flask", "quart.Quart", "flask.app.Flask", "quart.app.Quart"].contains(made) { return true }
        let text = context.tree.dottedName(owner) ?? ""
        return text == "app" || text.hasSuffix(".app") || text == "current_app"
    }
}

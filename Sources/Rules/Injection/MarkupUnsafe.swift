import Findings
import PythonSyntax

/// B704: `markupsafe.Markup` of a value built at run time.
enum MarkupUnsafe {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B704", name: "unsafe-markup-use", summary: "Markup() on a value built at run time",
        severity: .medium, confidence: .high, owasp: .a03, cwe: 79, bandit: "B704", ruff: "S704",
        what: "Finds `markupsafe.Markup(...)` (also `flask.Markup`, `jinja2.Markup`) whose argument is not a constant string.",
        why: "`Markup` declares its argument safe HTML, so Jinja2 will not escape it; user input in it is cross-site scripting.",
        example: "Markup(f\"<p>{bio}</p>\")",
        useInstead: "Markup(\"<p>{}</p>\").format(bio)  # format escapes its arguments",
        references: [RuleDoc.bandit("plugins/b704_markupsafe_markup_xss.html"), "https://markupsafe.palletsprojects.com/en/stable/escaping/"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from markupsafe import Markup
        import bleach
        import flask
        def profile(bio):
            a = Markup(f"<p>{bio}</p>")  # error: TL-B704
            b = Markup(object=bio)  # error: TL-B704
            shown = bleach.clean(bio) if bio else bio
            c = Markup(shown)  # error: TL-B704
            return flask.Markup("<p>" + bio + "</p>")  # error: TL-B704
        """),
        RuleExample("""
        from markupsafe import Markup, escape
        import bleach
        def profile(bio):
            a = Markup("<p>{}</p>").format(bio)
            b = Markup(b"<p>{}</p>", encoding="utf-8").format(bio)
            c = Markup(bleach.clean(bio))
            cleaned = bleach.clean(bio)
            d = Markup(cleaned)
            return Markup("<hr>")
        """),
    ], check: { check($0, $1) })

    static let callees: Set<String> = ["markupsafe.Markup", "flask.Markup", "jinja2.Markup", "jinja2.utils.Markup", "webhelpers.html.literal", "webhelpers2.html.literal"]

    /// Calls whose result is escaped or sanitised HTML, so wrapping it in `Markup` is safe.
    static let sanitizers: Set<String> = ["markupsafe.escape", "flask.escape", "jinja2.escape", "html.escape", "bleach.clean", "nh3.clean",
                                          "django.utils.html.escape", "django.utils.html.conditional_escape", "django.utils.html.strip_tags"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, callees.contains(name), let value = call.argument(0, "object"),
              !context.model.isConstant(value), !context.model.stringShape(of: value).isConstant else { return [] }
        if isSanitized(value, context) { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` declares `\(context.text(value))`, built at run time, to be safe HTML: Jinja2 will not escape it.",
                                remediation: "Escape the variable parts: `Markup(\"<p>{}</p>\").format(value)` or `markupsafe.escape(value)`.",
                                fix: "Markup(\"...{}...\").format(\(context.text(value)))")]
    }

    /// A sanitiser's result, directly or through a variable every reaching assignment of which is one.
    static func isSanitized(_ value: ExprID, _ context: RuleContext) -> Bool {
        func sanitizerCall(_ expr: ExprID) -> Bool {
            guard case .call(let f, _, _) = context.tree[expr].kind, let inner = context.qualifiedName(f) else { return false }
            return sanitizers.contains(inner) || inner.hasSuffix(".escape")
        }
        if sanitizerCall(value) { return true }
        guard case .name = context.tree[value].kind else { return false }
        let bindings = context.model.reachingBindings(of: value)
        return !bindings.isEmpty && bindings.allSatisfy { binding in
            guard let stmt = context.model[binding].statement, case .assign(let targets, let assigned, _) = context.tree[stmt].kind,
                  targets.count == 1 else { return false }
            return sanitizerCall(assigned)
        }
    }
}

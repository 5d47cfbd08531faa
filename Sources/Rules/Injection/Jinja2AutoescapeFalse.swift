import Findings
import PythonSyntax

/// B701: a Jinja2 environment without autoescaping.
enum Jinja2AutoescapeFalse {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B701", name: "jinja2-autoescape-false", summary: "Jinja2 Environment without autoescape",
        severity: .high, confidence: .high, owasp: .a03, cwe: 79, bandit: "B701", ruff: "S701",
        what: "Finds `jinja2.Environment(...)` and `jinja2.Template(...)` created with `autoescape=False` or without `autoescape` (Jinja2's default is off). `autoescape=True` or `select_autoescape(...)` is fine.",
        why: "Without autoescaping, every `{{ value }}` is inserted into HTML as is: user input becomes markup and script (cross-site scripting).",
        example: "env = jinja2.Environment(loader=loader)",
        useInstead: "env = jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape())",
        references: [RuleDoc.bandit("plugins/b701_jinja2_autoescape_false.html"), "https://jinja.palletsprojects.com/en/stable/api/#autoescaping"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import jinja2
        from jinja2 import Environment
        env = jinja2.Environment(loader=None)  # error: TL-B701
        env2 = Environment(autoescape=False)  # error: TL-B701
        """),
        RuleExample("""
        import jinja2
        from jinja2 import Environment, select_autoescape
        env = jinja2.Environment(autoescape=True)
        env2 = Environment(autoescape=select_autoescape(["html"]))
        env3 = Environment(**options)
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name,
              name == "jinja2.Environment" || name == "jinja2.Template" || name == "jinja2.environment.Environment" else { return [] }
        if let value = call.keyword("autoescape") {
            guard context.isFalse(value) else { return [] }
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(name)` is created with `autoescape=\(context.text(value))`: template variables are inserted into HTML unescaped.",
                                    remediation: "Pass `autoescape=jinja2.select_autoescape()` (or `True`).",
                                    fix: "autoescape=jinja2.select_autoescape()")]
        }
        if call.hasUnpacking { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` is created without `autoescape`, and Jinja2 does not escape by default: template variables are inserted into HTML unescaped.",
                                remediation: "Add `autoescape=jinja2.select_autoescape()`.",
                                fix: "\(context.text(call.function))(..., autoescape=jinja2.select_autoescape())")]
    }
}

import Dataflow
import Findings
import PythonSyntax

/// B702: Mako templates, which do not escape by default.
enum MakoTemplates {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B702", name: "mako-templates", summary: "Mako template without HTML escaping",
        severity: .medium, confidence: .high, owasp: .a03, cwe: 80, bandit: "B702", ruff: "S702",
        what: "Finds `mako.template.Template(...)` and `mako.lookup.TemplateLookup(...)` without `default_filters` that include `h` (HTML escaping).",
        why: "Mako inserts `${value}` without escaping unless told to; user input becomes markup and script (cross-site scripting).",
        example: "Template(\"<p>${name}</p>\")",
        useInstead: "Template(\"<p>${name}</p>\", default_filters=[\"h\"])",
        references: [RuleDoc.bandit("plugins/b702_use_of_mako_templates.html"), "https://docs.makotemplates.org/en/latest/filtering.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from mako.template import Template
        from mako import lookup
        t = Template("<p>${name}</p>")  # error: TL-B702
        l = lookup.TemplateLookup(directories=["t"])  # error: TL-B702
        """),
        RuleExample("""
        from mako.template import Template
        t = Template("<p>${name}</p>", default_filters=["h"])
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name,
              name == "mako.template.Template" || name == "mako.lookup.TemplateLookup" else { return [] }
        if let filters = call.keyword("default_filters") {
            switch context.tree[filters].kind {
            case .list(let elts, _), .tuple(let elts, _):
                if elts.contains(where: { context.string($0) == "h" }) { return [] }
            default:
                return []
            }
        }
        if call.hasUnpacking { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` renders `${...}` expressions without HTML escaping.",
                                remediation: "Pass `default_filters=[\"h\"]` so every expression is HTML-escaped.",
                                fix: "default_filters=[\"h\"]")]
    }
}

import Dataflow
import Findings
import PythonSyntax

/// B701: a Jinja2 environment without autoescaping.
enum Jinja2AutoescapeFalse {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B701", name: "jinja2-autoescape-false", summary: "Jinja2 Environment without autoescape",
        severity: .high, confidence: .high, owasp: .a03, cwe: 79, bandit: "B701", ruff: "S701",
        what: "Finds `jinja2.Environment(...)` and `jinja2.Template(...)` created with `autoescape=False` or without `autoescape` (Jinja2's default is off). `autoescape=True` or `select_autoescape(...)` is fine. What it renders decides the finding: HTML (a `.html`/`.xml` template it loads, markup in a `from_string`/`Template` source, a loader of the web application's `templates` folder) is High; only non-HTML templates (`.yaml.j2`, `.conf`, `.json`, `.txt`, text without markup) are not reported; when nothing says, Medium (medium confidence in a web application, low elsewhere).",
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
        // What the environment renders decides: HTML is reported, configuration files, YAML,
        // JSON and plain text are not (there is no HTML to escape for).
        RuleExample("""
        from flask import Flask
        from jinja2 import Environment, FileSystemLoader, Template
        app = Flask(__name__)
        pages = Environment(loader=FileSystemLoader("templates"))  # error: TL-B701
        mail = Environment(loader=FileSystemLoader("mail"))  # error: TL-B701
        page = Template("<h1>{{ title }}</h1>")  # error: TL-B701

        def show(name):
            return mail.get_template("welcome.html").render(name=name)
        """),
        RuleExample("""
        import yaml
        from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
        config = Environment(loader=FileSystemLoader("deploy"), undefined=StrictUndefined, keep_trailing_newline=True)
        text = Environment()
        subject = Template("Your order {{ number }} has shipped")

        def render_manifest(values):
            manifest = yaml.safe_load(config.get_template("deployment.yaml.j2").render(**values))
            nginx = config.get_template("nginx.conf").render(**values)
            body = text.from_string("Hello {{ name }},\\nyour code is {{ code }}.").render(**values)
            return manifest, nginx, body, Environment().from_string("{{ a }}: {{ b }}").render(a=1, b=2)
        """),
        RuleExample("""
        from jinja2 import Environment
        env = Environment()  # error: TL-B701
        """, fixes: [2: "Environment(..., autoescape=jinja2.select_autoescape())"]),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name,
              name == "jinja2.Environment" || name == "jinja2.Template" || name == "jinja2.environment.Environment" else { return [] }
        let explicit = call.keyword("autoescape")
        if let explicit, !context.isFalse(explicit) { return [] }
        if explicit == nil, call.hasUnpacking { return [] }
        let setting = explicit.map { "with `autoescape=\(context.text($0))`" } ?? "without `autoescape`, and Jinja2 does not escape by default"
        let fix = explicit == nil ? "\(context.text(call.function))(..., autoescape=jinja2.select_autoescape())" : "autoescape=jinja2.select_autoescape()"
        switch output(of: call, context) {
        case .text:
            return []
        case .html(let evidence):
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(name)` is created \(setting), and it renders HTML (\(evidence)): template variables are inserted into the page unescaped.",
                                    remediation: "Pass `autoescape=jinja2.select_autoescape()` (escapes `.html`/`.xml` templates) or `True`.",
                                    fix: fix)]
        case .unknown(let web):
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(name)` is created \(setting). Taintline could not tell what it renders\(web ? " in this web application" : ""): if it produces HTML, template variables are inserted unescaped; for configuration files, JSON or plain text that is right.",
                                    remediation: "If it renders HTML, pass `autoescape=jinja2.select_autoescape()`; `select_autoescape` also leaves `.txt`, `.yaml` and other non-HTML templates unescaped.",
                                    fix: fix, severity: .medium, confidence: web ? .medium : .low)]
        }
    }

    enum Output: Equatable {
        case html(String)
        case text
        /// No template seen; true in a web application.
        case unknown(Bool)
    }

    static let htmlExtensions: Set<String> = ["html", "htm", "xhtml", "xml", "svg", "jhtml", "djhtml"]
    static let templateExtensions: Set<String> = ["j2", "jinja", "jinja2", "tmpl", "tpl", "template"]

    /// What a template of this name produces: HTML, text, or nil when the name does not say.
    static func kind(ofTemplateNamed name: String) -> Bool? {
        var parts = name.lowercased().split(separator: "/").last.map { $0.split(separator: ".").map(String.init) } ?? []
        guard parts.count >= 2 else { return nil }
        parts.removeFirst()
        while let last = parts.last, templateExtensions.contains(last) { parts.removeLast() }
        guard let ext = parts.last else { return nil }
        return htmlExtensions.contains(ext)
    }

    /// Does template source text hold HTML markup (`<p`, `</`, `<!`)?
    static func hasMarkup(_ source: String) -> Bool {
        var previous: Character?
        for c in source {
            if previous == "<", c.isLetter || c == "/" || c == "!" { return true }
            previous = c
        }
        return false
    }

    /// What the environment or template renders, from the templates it is used with
    /// (`get_template`, `select_template`, `from_string`, a `Template` source), its loader's
    /// folder, and whether the file is web code.
    static func output(of call: CallInfo, _ context: RuleContext) -> Output {
        var sawText = false
        func judge(name: ExprID) -> String? {
            guard let text = context.string(name) else { return nil }
            switch kind(ofTemplateNamed: text) {
            case true?: return "`\(text)`"
            case false?: sawText = true; return nil
            case nil: return nil
            }
        }
        func judge(source: ExprID) -> String? {
            guard let text = context.string(source) else { return nil }
            if hasMarkup(text) { return "markup in `\(WebAuthSupport.shortened(text, limit: 30))`" }
            sawText = true
            return nil
        }
        if call.name == "jinja2.Template", let source = call.argument(0, "source") {
            if let html = judge(source: source) { return .html(html) }
            if sawText { return .text }
        }
        // Uses: `Environment(...).from_string(...)` directly, or through the variable it is assigned to.
        var uses: [(method: String, args: [ExprID])] = []
        func collect(from expr: ExprID) {
            guard let stmt = context.statement(containing: expr) else { return }
            let chain = context.path(to: expr, in: stmt)
            guard chain.count >= 3, case .attribute(_, let method, _) = context.tree[chain[chain.count - 2]].kind,
                  case .call(_, let args, _) = context.tree[chain[chain.count - 3]].kind else { return }
            uses.append((method, args))
        }
        collect(from: call.id)
        if let stmt = context.statement(containing: call.id), case .assign(let targets, let value, _) = context.tree[stmt].kind, value == call.id,
           targets.count == 1, case .name(let variable, _) = context.tree[targets[0]].kind, let scope = context.model.scope(of: call.id) {
            for binding in context.model.bindings(named: variable, in: scope) {
                for use in context.model.uses(of: binding) { collect(from: use) }
            }
        }
        for use in uses {
            guard let first = use.args.first else { continue }
            switch use.method {
            case "get_template", "get_or_select_template":
                if let html = judge(name: first) { return .html(html) }
            case "select_template":
                if case .list(let elts, _) = context.tree[first].kind {
                    for elt in elts { if let html = judge(name: elt) { return .html(html) } }
                }
            case "from_string":
                if let html = judge(source: first) { return .html(html) }
            default:
                continue
            }
        }
        if sawText { return .text }
        let web = WebAuthSupport.isWebModule(context)
        if web, let loader = call.keyword("loader"), let loaderCall = context.call(loader), let folder = loaderCall.argument(0, "searchpath") ?? loaderCall.argument(1, "package_path"),
           let path = context.string(folder), path.split(separator: "/").last.map({ $0.lowercased().contains("templates") }) == true {
            return .html("its loader reads `\(path)`, the web application's templates")
        }
        return .unknown(web)
    }
}

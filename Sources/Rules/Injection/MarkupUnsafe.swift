import Dataflow
import Findings
import PythonSyntax

/// B704: `markupsafe.Markup` of a value built at run time.
enum MarkupUnsafe {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B704", name: "unsafe-markup-use", summary: "Markup() on a value built at run time",
        severity: .medium, confidence: .high, owasp: .a03, cwe: 79, bandit: "B704", ruff: "S704",
        what: "Finds `markupsafe.Markup(...)` (also `flask.Markup`, `jinja2.Markup`) whose argument is not text the program fixes (literals, constants, translations of literals, class constants, f-strings of those). The fix keeps the fixed markup in `Markup(...)` and passes the values to `.format`, which escapes them; for a value that is all markup no escaping fix is suggested.",
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
        """, fixes: [5: "Markup(\"<p>{}</p>\").format(bio)", 8: "", 9: "flask.Markup(\"<p>{}</p>\").format(bio)"]),
        // Text the program fixes (translations of literals, class constants, f-strings of
        // them) is not reported; a request value next to it still is.
        RuleExample("""
        from flask_babel import gettext as _
        from markupsafe import Markup
        from flask import request
        class Widget:
            SPINNER = "<span class='spinner'></span>"
            def label(self):
                a = Markup(f"{self.SPINNER} {_('Loading')}")
                b = Markup(_("Read the <a href='/docs'>docs</a>") + "<br>")
                return Markup(f"{self.SPINNER} {request.args['q']}")  # error: TL-B704
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
        RuleExample("""
        from flask import current_app
        from markupsafe import Markup
        def widgets(n: int, when, label):
            a = Markup("<b>%s</b>" % int(n))
            b = Markup(f"<time>{when.isoformat()}</time><i>{n:d}</i>")
            c = Markup(current_app.config["RECAPTCHA_HTML"])  # error: TL-B704
            return Markup(f"<b>{label}</b>")  # error: TL-B704
        """),
        // Already HTML: attributes built by WTForms' html_params, a template loaded and rendered,
        // JSON with its markup characters replaced, a rendered Flask template.
        RuleExample("""
        import json
        from flask import render_template
        from markupsafe import Markup
        from wtforms.widgets import html_params

        def date_widget(field, **kwargs):
            return Markup("<input %s>" % html_params(type="text", value=field.data, **kwargs))

        def html_safe_json(data):
            return Markup(json.dumps(data).replace("<", "\\\\u003c").replace(">", "\\\\u003e").replace("&", "\\\\u0026"))

        def render(env, name, ctx):
            return Markup(env.get_template(name).render(ctx))

        def panel(items):
            return Markup(render_template("panel.html", items=items))

        def half_escaped(data):
            return Markup(json.dumps(data).replace("<", "\\\\u003c"))  # error: TL-B704
        """),
        // Rendered through a project helper, joined from rendered parts, or filled from a dict of
        // router-built URLs: markup the templates and the router escaped.
        RuleExample("""
        from flask import render_template, url_for
        from markupsafe import Markup
        from wtforms.widgets import html_params

        def render_title_template(*args, **kwargs):
            return render_template(*args, title="Library", **kwargs)

        def maybe_render(name, raw):
            if name:
                return render_template(name)
            return raw

        def cells(entries, value, raw):
            a = Markup(render_title_template("exists.html", entry=entries[0]))
            b = Markup("\\n".join([render_template("row.html", e=e) for e in entries]))
            c = Markup('<a href="%(url)s">x</a>' % {"url": url_for(".file_view", id=value)})
            d = Markup(maybe_render("x.html", raw))  # error: TL-B704
            return a, b, c, d

        def plain(meta):
            return Markup(meta.description).unescape(), Markup(meta.title).striptags()

        class DatePicker:
            data_template = '<input class="form-control" %(text)s />'

            def __call__(self, field, **kwargs):
                template = self.data_template
                return Markup(template % {"text": html_params(type="text", value=field.data, **kwargs)})
        """),
    ], check: { check($0, $1) })

    static let callees: Set<String> = ["markupsafe.Markup", "flask.Markup", "jinja2.Markup", "jinja2.utils.Markup", "webhelpers.html.literal", "webhelpers2.html.literal"]


    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, callees.contains(name), let value = call.argument(0, "object"),
              !ConstantText.isConstant(value, context), !isOnlyConverted(call, context) else { return [] }
        // Numbers, dates and escaped text hold no markup, whatever they are built into.
        if MarkupFreeText.holesAreMarkupFree(value, context) { return [] }
        // The deployment's own configuration is written by its developers and administrators.
        if MarkupFreeText.holesAreConfiguration(value, context) {
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(name)` declares `\(context.text(value))` as safe HTML; it comes from the deployment's configuration (settings or field help text), written by developers and administrators rather than visitors, so this matters only if the configuration can be edited by less trusted users.",
                                    remediation: "Keep such HTML in templates, or sanitise it with an allow-list cleaner (`nh3.clean`) if administrators who are not developers can change it.",
                                    severity: .low, confidence: .low)]
        }
        if isSanitized(value, context) { return [] }
        // Markup built around values that are each escaped or rendered HTML (`"<input %s>" % html_params(...)`).
        // (`"<a href=%(url)s>" % {"url": url_for(...)}`: the dict's values fill the template.)
        let holes = context.model.stringShape(of: value).holes.flatMap { hole -> [ExprID] in
            if case .dict(let keys, let values) = context.tree[hole].kind, !keys.contains(nil) { return values }
            return [hole]
        }
        if !holes.isEmpty, holes.allSatisfy({ isSanitized($0, context) || ConstantText.isConstant($0, context) }) { return [] }
        // `template % {...}` with a template the program fixes elsewhere (`self.data_template`, a
        // class constant): the values it is filled with decide.
        if case .binOp(let template, .mod, let filling) = context.tree[value].kind, ConstantText.isConstant(template, context) {
            let values: [ExprID]
            switch context.tree[filling].kind {
            case .dict(let keys, let items) where !keys.contains(nil): values = items
            case .tuple(let elts, _): values = elts
            default: values = [filling]
            }
            if values.allSatisfy({ isSanitized($0, context) || ConstantText.isConstant($0, context) }) { return [] }
        }
        let callee = context.text(call.function, limit: 40)
        if let (template, arguments) = MarkupFormat.split(value, context) {
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(name)` declares `\(context.text(value))`, built at run time, to be safe HTML: Jinja2 will not escape \(arguments.map { "`\($0)`" }.joined(separator: ", ")).",
                                    remediation: "Keep the fixed markup in `Markup` and pass the values to its `.format`, which escapes them.",
                                    fix: "\(callee)(\(MarkupFormat.literal(template))).format(\(arguments.joined(separator: ", ")))")]
        }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` declares `\(context.text(value))`, built at run time, to be safe HTML: Jinja2 will not escape it.",
                                remediation: "If the value is text, pass it to the template as is (autoescaping handles it) or use `markupsafe.escape(value)`; if it is HTML that can hold user input, clean it with an allow-list sanitiser (`nh3.clean`, `bleach.clean`) before `Markup`. Escaping it (`escape`, `.format`) would show the markup it is meant to keep as text.")]
    }

    /// Methods of `Markup` that return plain text: `Markup(html).unescape()` decodes entities,
    /// `.striptags()` drops the tags; nothing is marked safe by such a call.
    static let plainTextMethods: Set<String> = ["unescape", "striptags"]

    /// `Markup(x).unescape()`: the `Markup` is only a step to plain text.
    static func isOnlyConverted(_ call: CallInfo, _ context: RuleContext) -> Bool {
        guard let stmt = context.statement(containing: call.id) else { return false }
        let chain = context.path(to: call.id, in: stmt)
        guard let at = chain.lastIndex(of: call.id), at >= 2, case .attribute(_, let method, _) = context.tree[chain[at - 1]].kind,
              plainTextMethods.contains(method), case .call = context.tree[chain[at - 2]].kind else { return false }
        return true
    }

    /// Escaped or rendered HTML, directly or through a variable every reaching assignment of which
    /// is: a sanitizer for HTML in the catalog (`Sanitizers`: escapers, cleaners, WTForms'
    /// `html_params`, a rendered template), a `.escape` of some library, a template loaded and
    /// rendered (`env.get_template(name).render(...)`, which autoescapes), or text whose `<`, `>`
    /// and `&` are all replaced (`json.dumps(d).replace("<", "\\u003c")...`).
    static func isSanitized(_ value: ExprID, _ context: RuleContext) -> Bool {
        func isHTMLSanitizer(_ name: String) -> Bool { Sanitizers.protects(name)?.contains(.html) == true || name.hasSuffix(".escape") }
        func sanitizerCall(_ expr: ExprID) -> Bool {
            guard case .call(let f, let args, _) = context.tree[expr].kind else { return false }
            if let inner = context.qualifiedName(f), isHTMLSanitizer(inner) { return true }
            // A project helper every `return` of which renders or escapes
            // (`def render_title_template(*a, **k): return render_template(*a, title=..., **k)`).
            if let call = context.call(expr), let (_, helper, _) = ProjectTaint.callee(call, context), helper.returnsOnlyCalls,
               helper.returnedCalls.allSatisfy(isHTMLSanitizer) { return true }
            // `"\n".join(bits)` of rendered or escaped parts.
            if case .attribute(let separator, "join", _) = context.tree[f].kind, ConstantText.isConstant(separator, context),
               args.count == 1, joinsSanitized(args[0]) { return true }
            if case .attribute(let receiver, "render", _) = context.tree[f].kind, case .call(let loader, _, _) = context.tree[receiver].kind,
               case .attribute(_, "get_template", _) = context.tree[loader].kind { return true }
            return replacesMarkupCharacters(expr)
        }
        func joinsSanitized(_ parts: ExprID) -> Bool {
            var value = parts
            if case .name = context.tree[parts].kind, let bound = context.model.assignedValue(of: parts) { value = bound }
            switch context.tree[value].kind {
            case .listComp(let element, _), .generatorExp(let element, _): return sanitizerCall(element)
            case .list(let elts, _), .tuple(let elts, _): return !elts.isEmpty && elts.allSatisfy { sanitizerCall($0) || ConstantText.isConstant($0, context) }
            default: return false
            }
        }
        func replacesMarkupCharacters(_ expr: ExprID) -> Bool {
            var replaced: Set<String> = []
            var current = expr
            for _ in 0..<8 {
                guard case .call(let f, let args, _) = context.tree[current].kind, case .attribute(let receiver, "replace", _) = context.tree[f].kind,
                      args.count == 2, let old = context.string(args[0]), let new = context.string(args[1]),
                      !new.contains("<"), !new.contains(">") else { break }
                replaced.insert(old)
                current = receiver
            }
            return ["<", ">", "&"].allSatisfy(replaced.contains)
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

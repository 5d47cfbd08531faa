import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Server-side template injection: a template's *source* built from request data (or from any
/// non-constant text), compiled by Jinja2, Django or Mako.
enum TemplateInjection {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-SSTI", name: "server-side-template-injection", summary: "Template source built from request data",
        severity: .high, confidence: .high, owasp: .a03, cwe: 1336,
        what: "Finds `render_template_string(x)` (Flask, Quart), `jinja2.Template(x)`, `Environment(...).from_string(x)`, `app.jinja_env.from_string(x)`, `django.template.Template(x)`, `mako.template.Template(x)` `tornado.template.Template(x)`, and Bottle's `SimpleTemplate(x)` and `template(x)` whose template source is not a constant (for `template(x)`, which takes a template name too, only when it carries request data). When the source carries data from the HTTP request (query string, form, JSON, headers, cookies, a route parameter), read in the same function or passed in by a caller, the finding is high severity; other non-constant sources are reported with medium severity and confidence, except in test files, text read from a template file, and a plain parameter of a function that is not a route handler (a wrapper such as `def from_string(self, template_code)`, whose callers decide what reaches it). A constant template rendered with request data as context variables is safe and not reported.",
        why: "The template language is code: `{{ ... }}` evaluates expressions with access to Python objects, so a user who controls template text can read configuration and secrets and usually run commands on the server (`{{ cycler.__init__.__globals__.os.popen('id').read() }}`).",
        example: "name = request.args.get(\"name\")\nreturn render_template_string(\"<h1>Hello \" + name + \"</h1>\")",
        useInstead: "name = request.args.get(\"name\")\nreturn render_template_string(\"<h1>Hello {{ name }}</h1>\", name=name)",
        references: ["https://portswigger.net/web-security/server-side-template-injection",
                     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/07-Input_Validation_Testing/18-Testing_for_Server-side_Template_Injection"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from flask import Flask, request, render_template_string
        app = Flask(__name__)

        @app.route("/hello")
        def hello():
            name = request.args.get("name", "guest")
            return render_template_string("<h1>Hello " + name + "!</h1>")  # error: TL-WEB-SSTI

        @app.route("/page", methods=["POST"])
        def page():
            body = request.form["body"].strip()
            html = f"<div>{body}</div>"
            return render_template_string(html)  # error: TL-WEB-SSTI
        """),
        RuleExample("""
        import jinja2
        from jinja2 import Environment
        from django.template import Template
        from mako.template import Template as MakoTemplate

        def view(request):
            jinja2.Template(request.GET["tpl"]).render()  # error: TL-WEB-SSTI
            Environment().from_string("Hi %s" % request.POST.get("who"))  # error: TL-WEB-SSTI
            Template(request.body.decode()).render({})  # error: TL-WEB-SSTI
            MakoTemplate(text=request.COOKIES["t"])  # error: TL-WEB-SSTI
        """),
        RuleExample("""
        from fastapi import FastAPI
        from jinja2 import Environment
        app = FastAPI()
        env = Environment()

        @app.get("/greet")
        async def greet(name: str):
            return env.from_string("Hello " + name).render()  # error: TL-WEB-SSTI

        def render_snippet(db, snippet_id):
            text = db.execute("SELECT body FROM snippets WHERE id = ?", (snippet_id,)).fetchone()[0]
            return env.from_string(text).render()  # error: TL-WEB-SSTI
        """),
        RuleExample("""
        from flask import Flask, request, render_template_string
        import jinja2
        app = Flask(__name__)
        PAGE = "<h1>Hello {{ name }}</h1>"

        @app.route("/hello")
        def hello():
            name = request.args.get("name", "guest")
            render_template_string("<h1>Hello {{ name }}</h1>", name=name)
            return render_template_string(PAGE, name=name)

        def from_file(path):
            with open(path) as handle:
                return jinja2.Template(handle.read())

        def compile_template(self, template_code):
            # A wrapper: its callers decide what reaches it.
            return jinja2.Template(template_code)
        """),
        RuleExample("""
        from flask import request

        def render_template_string(text):
            return text

        def local():
            return render_template_string(request.args["x"])
        """),
        // Bottle: `template(x)` compiles `x` when it looks like template source; `template("name", v=x)`
        // renders the named file with `x` as an (escaped) variable.
        RuleExample("""
        from bottle import SimpleTemplate, get, request, template

        @get("/greet")
        def greet():
            return template("<h1>Hello " + request.query.name + "</h1>")  # error: TL-WEB-SSTI

        @get("/preview")
        def preview():
            return SimpleTemplate(request.query.body).render()  # error: TL-WEB-SSTI

        @get("/page/<page>")
        def page(page):
            # A name holding `{` is compiled as template source.
            return template("page_" + request.query.layout, body=page)  # error: TL-WEB-SSTI
        """),
        RuleExample("""
        from bottle import SimpleTemplate, get, request, template
        LAYOUTS = {"wide": "page_wide", "narrow": "page_narrow"}

        @get("/greet")
        def greet():
            return template("hello", name=request.query.name)

        @get("/page/<page>")
        def page(page):
            layout = LAYOUTS.get(request.query.layout, "page_default")
            return template(layout, body=page)

        @get("/inline")
        def inline():
            return SimpleTemplate("<h1>Hello {{name}}</h1>").render(name=request.query.name)
        """),
        // Tornado's own templates, and a template compiled from an aiohttp request body.
        RuleExample("""
        import tornado.web
        from tornado.template import Template
        from aiohttp import web
        import jinja2


        class PreviewHandler(tornado.web.RequestHandler):
            def post(self):
                page = Template(self.request.body)  # error: TL-WEB-SSTI
                self.write(page.generate())


        async def preview(request: web.Request):
            source = await request.text()
            return web.Response(text=jinja2.Template(source).render())  # error: TL-WEB-SSTI
        """),
        RuleExample("""
        import tornado.web
        from tornado.template import Template

        PAGE = Template("<h1>Hello {{ name }}</h1>")


        class HelloHandler(tornado.web.RequestHandler):
            def get(self):
                self.write(PAGE.generate(name=self.get_argument("name", "")))
                self.write(Template("<p>{{ q }}</p>").generate(q=self.get_argument("q", "")))
        """),
        RuleExample("""
        from chameleon import PageTemplate
        from django.http import HttpResponse
        from django.template import engines

        def render_user_template(request):
            src = request.GET["template"]
            t = engines["django"].from_string(src)  # error: TL-WEB-SSTI
            page = PageTemplate(src)  # error: TL-WEB-SSTI
            fixed = engines["django"].from_string("<p>{{ name }}</p>")
            return HttpResponse(t.render({}) + page() + fixed.render({"name": src}))

        def through_a_local(request):
            engine = engines["django"]
            return HttpResponse(engine.from_string(request.GET["t"]).render({}))  # error: TL-WEB-SSTI
        """),
        // A project class derived from a template engine's.
        RuleExample("""
        from Cheetah.Template import Template
        from flask import Flask, request
        app = Flask(__name__)

        class Page(Template):
            pass

        @app.route("/t")
        def t():
            return str(Page(request.args["tpl"]))  # error: TL-WEB-SSTI
        """),
        // Request text written into a template file (compiled when rendered); other files are data.
        RuleExample("""
        from pathlib import Path
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/theme", methods=["POST"])
        def theme():
            with open("templates/custom/page.html", "w") as out:
                out.write(request.form["content"])  # error: TL-WEB-SSTI
            Path("templates/footer.j2").write_text(request.form["footer"])  # error: TL-WEB-SSTI
            with open("data/notes.txt", "w") as notes:
                notes.write(request.form["note"])
            with open("templates/custom/page.html") as page:
                return page.read() + request.form["content"]
        """),
    ], check: { check($0, $1) })

    /// Bottle's `template(x)` looks `x` up as a template name unless it holds a newline, `{`,
    /// `%` or `$`: a non-constant argument is usually a name, so only request data is reported.
    static let nameOrSourceFunctions: Set<String> = ["bottle.template", "bottle.jinja2_template", "bottle.mako_template", "bottle.cheetah_template"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node) else { return [] }
        // Request text written into a template file: compiled when the app renders it.
        if let written = WrittenFiles.write(call.id, context.model), written.role == .template,
           let origin = Taint.isRequestDerived(written.data, context, kind: .template) {
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(context.text(call.function, limit: 40))` writes `\(origin.text(context))` (\(origin.requestField)) into `\(written.path)`, a template the app compiles when it renders it: the client writes template code that runs on the server.",
                                    remediation: "Never write request data into template files. Store user content as data (a database row, a JSON file) and pass it to a fixed template as a context variable.",
                                    flow: origin, proofOfConcept: origin.proofOfConcept(payload: "{{ 7*7 }}{{ config }}", context) + "\n# then render the page that uses the written template")]
        }
        guard let match = context.sinks(call, .template).first else { return [] }
        let source = match.argument
        let sink = String(match.callee.split(separator: ".").last ?? "")
        guard !context.model.stringShape(of: source).isConstant else { return [] }
        // Sandboxed environments are designed for untrusted templates.
        if case .attribute(let receiver, _, _) = context.tree[call.function].kind,
           context.model.constructorName(of: receiver) == "jinja2.sandbox.SandboxedEnvironment" { return [] }
        let fix = "render_template_string(\"<h1>Hello {{ name }}</h1>\", name=name)"
        if let origin = Taint.isRequestDerived(source, context, kind: .template) {
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(sink)(\(context.text(source, limit: 40)))` compiles a template whose source contains `\(origin.text(context))` (\(origin.requestField)): the client writes template code that runs on the server.",
                                    remediation: "Keep the template text constant (or load it from a template file) and pass the request value as a context variable, where it is escaped and never evaluated.",
                                    fix: fix,
                                    flow: origin, proofOfConcept: origin.proofOfConcept(payload: "{{ 7*7 }}{{ config }}", context) + "\n# the page shows 49 and the app's configuration: template code ran on the server")]
        }
        if let name = call.name, nameOrSourceFunctions.contains(name) { return [] }
        // Test code compiles the templates it tests from its own strings.
        if context.isTestFile || isFileContent(source, context) || isWrapperParameter(source, context) { return [] }
        return [context.finding(descriptor, at: call.id,
                                description: "`\(sink)(\(context.text(source, limit: 40)))` compiles a template from non-constant text; if any part of it can come from a user, they can run template code on the server.",
                                remediation: "Make sure the template text never contains user input: use a constant template or a template file and pass values as context variables; for user-authored templates use `jinja2.sandbox.SandboxedEnvironment`.",
                                fix: fix, severity: .medium, confidence: .medium)]
    }

    /// Template text read from a file the developer ships (`handle.read()`, `path.read_text()`).
    static func isFileContent(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard let current = context.model.followingOneAssignment(expr), case .call(let function, _, _) = context.tree[current].kind,
              case .attribute(_, let method, _) = context.tree[function].kind else { return false }
        return ["read", "read_text", "get_data", "get_source", "get_contents", "get_template_sources"].contains(method)
    }

    /// A parameter of an ordinary function (not a route handler): the function is a wrapper
    /// (`def from_string(self, template_code)`), and what reaches it is decided by its callers.
    static func isWrapperParameter(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard case .name = context.tree[expr].kind else { return false }
        let defs = context.model.reachingBindings(of: expr)
        guard !defs.isEmpty, defs.allSatisfy({ if case .parameter = context.model[$0].kind { return true }; return false }) else { return false }
        return context.route(containing: expr) == nil
    }
}

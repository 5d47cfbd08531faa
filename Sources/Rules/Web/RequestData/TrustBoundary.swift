import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Trust boundary violation: request data stored in the session, where later requests read it
/// as if the server had put it there.
enum TrustBoundary {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-TRUST-BOUNDARY", name: "trust-boundary-violation", summary: "Request data stored in the session unvalidated",
        severity: .low, confidence: .medium, owasp: .a04, cwe: 501,
        what: "Finds a session entry whose value or key carries data from the HTTP request (read in the same function, or passed in by a caller anywhere in the project): Flask and Quart `session[key] = value`, Django and Starlette `request.session[key] = value`, and `update`/`setdefault`/`__setitem__` on those sessions. A value first checked (`if value in ALLOWED`, `value.isalnum()`, `re.fullmatch`, an early `return`/`abort` on a failed check) or converted (`int(value)`) is not reported, nor are constants and values read from the database.",
        why: "Code that reads the session trusts it: the server wrote it, and with Flask's signed cookie or Django's server-side store the client cannot change it. Storing unchecked request data there mixes trusted and untrusted data behind one name, so a later request uses the client's value as if it were validated: a role, a user id, a redirect target, a file name (CWE-501).",
        example: "session[\"user\"] = request.form[\"user\"]",
        useInstead: "user = authenticate(request.form[\"user\"], request.form[\"password\"])\nif user is None:\n    abort(403)\nsession[\"user_id\"] = user.id",
        references: ["https://cwe.mitre.org/data/definitions/501.html",
                     "https://owasp.org/www-community/vulnerabilities/Trust_Boundary_Violation"])

    static let rule = Rule(descriptor, on: [.assign, .call], examples: [
        RuleExample("""
        from flask import Flask, request, session
        app = Flask(__name__)

        @app.route("/prefs", methods=["POST"])
        def prefs():
            role = request.form.get("role")
            session["role"] = role  # error: TL-WEB-TRUST-BOUNDARY
            session[request.args["key"]] = "on"  # error: TL-WEB-TRUST-BOUNDARY
            session.update({"theme": request.form["theme"]})  # error: TL-WEB-TRUST-BOUNDARY
            return "ok"
        """),
        RuleExample("""
        def remember(request):
            request.session["next"] = request.GET.get("next", "/")  # error: TL-WEB-TRUST-BOUNDARY
            request.session.setdefault("lang", request.POST["lang"])  # error: TL-WEB-TRUST-BOUNDARY

        import django
        """),
        // A form field the form checks itself (`clean_<field>`) is the checked value.
        RuleExample("""
        from django import forms
        from django.views.generic import FormView

        class OrderForm(forms.Form):
            email = forms.CharField()
            next = forms.CharField()

            def clean_email(self):
                email = self.cleaned_data["email"].strip()
                if "@" not in email:
                    raise forms.ValidationError("no")
                return email

        class OrderView(FormView):
            form_class = OrderForm

            def form_valid(self, form):
                self.request.session["email"] = form.cleaned_data["email"]
                self.request.session["next"] = form.cleaned_data["next"]  # error: TL-WEB-TRUST-BOUNDARY
                return super().form_valid(form)
        """),
        RuleExample("""
        import configparser
        from flask import Flask, abort, request, session
        app = Flask(__name__)
        THEMES = {"dark", "light"}

        @app.route("/prefs", methods=["POST"])
        def prefs():
            theme = request.form.get("theme", "light")
            if theme not in THEMES:
                abort(400)
            session["theme"] = theme
            session["page"] = int(request.args.get("page", 1))
            session["visits"] = session.get("visits", 0) + 1
            conf = configparser.ConfigParser()
            conf.add_section("s")
            conf.set("s", "a", "constant")
            conf.set("s", "b", request.args["b"])
            session["a"] = conf.get("s", "a")
            cache = {}
            cache["user"] = request.form["user"]
            return "ok"
        """),
    ], check: { check($0, $1) })

    /// Module-level session proxies.
    static let sessionGlobals: Set<String> = ["flask.session", "flask.globals.session", "quart.session", "quart.globals.session"]
    static let writers: Set<String> = ["update", "setdefault", "__setitem__"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        let tree = context.tree
        var stored: [(anchor: ExprID, value: ExprID, isKey: Bool)] = []
        switch node {
        case .statement(let stmt):
            guard case .assign(let targets, let value, _) = tree[stmt].kind else { return [] }
            for target in targets {
                guard case .subscript(let base, let slice, _) = tree[target].kind, isSession(base, context) else { continue }
                stored.append((target, value, false))
                stored.append((target, slice, true))
            }
        case .expression:
            guard let call = context.call(node), case .attribute(let receiver, let method, _) = tree[call.function].kind,
                  writers.contains(method), isSession(receiver, context) else { return [] }
            if method == "update" {
                stored += (call.args + call.keywords.map(\.value)).map { (call.id, $0, false) }
            } else if let key = call.args.first {
                stored.append((call.id, key, true))
                if call.args.count > 1 { stored.append((call.id, call.args[1], false)) }
            }
        case .module:
            return []
        }
        for (anchor, value, isKey) in stored {
            guard let origin = Taint.isRequestDerived(value, context, kind: .trustBoundary),
                  !Taint.isValidated(value, context) else { continue }
            let what = isKey ? "key" : "value"
            return [context.finding(descriptor, at: anchor,
                                    description: "The session \(what) `\(context.text(value, limit: 40))` carries `\(origin.text(context))` (\(origin.requestField)), unchecked: later requests read it as data the server stored and trusts.",
                                    remediation: "Validate the value before it crosses into the session (an allow-list, a strict pattern, a conversion to the expected type), or store what the server derived from it (the authenticated user's id) rather than the client's text.",
                                    fix: "if value not in ALLOWED:\n    abort(400)\nsession[\"key\"] = value",
                                    flow: origin, proofOfConcept: origin.proofOfConcept(payload: "admin", context))]
        }
        return []
    }

    /// Flask's or Quart's `session`, or a request's `.session` (Django, Starlette).
    static func isSession(_ expr: ExprID, _ context: RuleContext) -> Bool {
        if let name = context.qualifiedName(expr), sessionGlobals.contains(name) { return true }
        if case .attribute(let owner, "session", _) = context.tree[expr].kind, Taint.requestObject(owner, context) != nil { return true }
        return false
    }
}

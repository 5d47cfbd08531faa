import Findings
import PythonSyntax

/// CSRF protection turned off for the app, for a view, or never installed.
enum CSRFProtectionDisabled {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-CSRF-DISABLED", name: "csrf-protection-disabled", summary: "CSRF protection turned off",
        severity: .high, confidence: .high, owasp: .a01, cwe: 352,
        what: "Finds CSRF protection switched off: Flask-WTF's `WTF_CSRF_ENABLED = False` or `WTF_CSRF_CHECK_DEFAULT = False` (in `app.config` or a configuration module; test and development settings files are skipped); Django's `@csrf_exempt` on a view and Flask-WTF's `@csrf.exempt` (medium: sometimes deliberate for webhooks that check a signature instead, which the description says); a Django `MIDDLEWARE` list without `django.middleware.csrf.CsrfViewMiddleware`.",
        why: "Without a CSRF check, any site the user visits can make their browser submit forms to this app with their cookies: change their e-mail or password, transfer money, delete data.",
        example: "app.config[\"WTF_CSRF_ENABLED\"] = False",
        useInstead: "from flask_wtf.csrf import CSRFProtect\nCSRFProtect(app)  # and keep WTF_CSRF_ENABLED at its default (True)",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
                     "https://docs.djangoproject.com/en/stable/ref/csrf/", "https://flask-wtf.readthedocs.io/en/stable/csrf/"])

    static let rule = Rule(descriptor, on: [.assign, .annAssign, .call, .functionDef], examples: [
        RuleExample("""
        from flask import Flask
        from flask_wtf.csrf import CSRFProtect
        app = Flask(__name__)
        csrf = CSRFProtect(app)
        app.config["WTF_CSRF_ENABLED"] = False  # error: TL-WEB-CSRF-DISABLED

        @app.route("/hook", methods=["POST"])
        @csrf.exempt
        def hook():  # error: TL-WEB-CSRF-DISABLED
            return "ok"
        """),
        RuleExample("""
        from django.http import JsonResponse
        from django.views.decorators.csrf import csrf_exempt

        @csrf_exempt
        def transfer(request):  # error: TL-WEB-CSRF-DISABLED
            return JsonResponse({"ok": True})
        """),
        RuleExample("""
        ROOT_URLCONF = "shop.urls"
        MIDDLEWARE = [  # error: TL-WEB-CSRF-DISABLED
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
        ]
        """, path: "shop/settings.py"),
        RuleExample("""
        ROOT_URLCONF = "shop.urls"
        MIDDLEWARE = [
            "django.middleware.security.SecurityMiddleware",
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
        ]
        WTF_CSRF_ENABLED = True
        """, path: "shop/settings.py"),
        RuleExample("""
        WTF_CSRF_ENABLED = False
        """, path: "shop/config/testing.py"),
        RuleExample("""
        from flask import Flask
        from django.views.decorators.csrf import csrf_protect
        app = Flask(__name__)
        app.config["WTF_CSRF_TIME_LIMIT"] = None

        @csrf_protect
        def view(request):
            return None

        def exempt(f):
            return f

        @exempt
        def other():
            return None
        """),
        RuleExample("""
        from flask import Flask
        app = Flask(__name__)
        app.config["WTF_CSRF_ENABLED"] = False
        """, path: "tests/conftest.py"),
    ], check: { check($0, $1) })

    static let exemptDecorators: Set<String> = ["django.views.decorators.csrf.csrf_exempt", "rest_framework.decorators.csrf_exempt"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        if case .statement(let stmt) = node {
            switch context.tree[stmt].kind {
            case .functionDef, .asyncFunctionDef: return exemptions(stmt, context)
            default: break
            }
        }
        var findings: [Finding] = []
        let settings = WebSettings.settings(in: node, context).filter { WebSettings.counts($0, context) }
        // Test code turns CSRF off to post forms without a token; settings files for
        // development do too.
        let development = context.isTestFile || (settings.contains(where: \.isBareAssignment) && WebSettings.isDevelopmentSettings(context))
        for setting in settings where !development && ["WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT"].contains(setting.name) && context.isFalse(setting.value) {
            findings.append(context.finding(descriptor, at: setting.value,
                                            description: "`\(setting.name) = False` turns off Flask-WTF's CSRF check\(setting.name == "WTF_CSRF_CHECK_DEFAULT" ? " for every view that does not call `csrf.protect()` itself" : " for every form")",
                                            remediation: "Remove the setting (CSRF protection is on by default) and keep `CSRFProtect(app)`; turn it off only in test configuration.",
                                            fix: "# delete this line: WTF_CSRF_ENABLED defaults to True"))
        }
        for setting in settings where setting.name == "MIDDLEWARE" && setting.isBareAssignment && WebSettings.definesDjangoSettings(context) {
            guard case .list(let items, _) = context.tree[setting.value].kind else { continue }
            let names = items.compactMap { context.string($0) }
            guard names.count == items.count, !names.isEmpty,
                  !names.contains(where: { $0.hasSuffix("CsrfViewMiddleware") }) else { continue }
            findings.append(context.finding(descriptor, at: setting.value,
                                            description: "Django's `MIDDLEWARE` has no `django.middleware.csrf.CsrfViewMiddleware`: no POST form of the site is checked for a CSRF token.",
                                            remediation: "Add `\"django.middleware.csrf.CsrfViewMiddleware\"` after the session middleware, and keep `{% csrf_token %}` in forms.",
                                            fix: "\"django.middleware.csrf.CsrfViewMiddleware\","))
        }
        return findings
    }

    /// `@csrf_exempt` (Django) and `@csrf.exempt` (Flask-WTF) on a view.
    static func exemptions(_ stmt: StmtID, _ context: RuleContext) -> [Finding] {
        for decorator in context.model.decorators(of: stmt) {
            let expr = decorator.expr
            let isDjango = decorator.qualifiedName.map { exemptDecorators.contains($0) } == true
            let isFlaskWTF = decorator.attribute == "exempt" && decorator.call == nil && decorator.receiverClass?.hasPrefix("flask_wtf") == true
            guard isDjango || isFlaskWTF else { continue }
            let view: String
            switch context.tree[stmt].kind {
            case .functionDef(let def), .asyncFunctionDef(let def): view = def.name
            case .classDef(let def): view = def.name
            default: view = context.model.enclosingName(of: stmt) ?? "view"
            }
            return [context.finding(descriptor, at: stmt,
                                    description: "`\(view)` is exempt from CSRF checks (`\(context.text(expr, limit: 30))`): another site can make a logged-in user's browser call it. If it is a webhook or an API called with a token (not cookies), say so with a suppression and verify the caller's signature.",
                                    remediation: "Remove the exemption and send the CSRF token with the request (a form field or the `X-CSRFToken` header); for a webhook, verify its HMAC signature and document why the exemption is safe.",
                                    fix: nil, severity: .medium, confidence: .medium)]
        }
        return []
    }
}

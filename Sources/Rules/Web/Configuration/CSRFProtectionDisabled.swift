import Dataflow
import Findings
import PythonSyntax

/// CSRF protection turned off for the app, for a view, or never installed.
enum CSRFProtectionDisabled {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-CSRF-DISABLED", name: "csrf-protection-disabled", summary: "CSRF protection turned off",
        severity: .high, confidence: .high, owasp: .a01, cwe: 352,
        what: "Finds CSRF protection switched off: Flask-WTF's `WTF_CSRF_ENABLED = False` or `WTF_CSRF_CHECK_DEFAULT = False` (in `app.config` or a configuration module; test and development settings files are skipped); Django's `@csrf_exempt` on a view and Flask-WTF's `@csrf.exempt` when the view trusts what a browser sends by itself: it reads the session, cookies or the logged-in user (`request.user`, `session`, `current_user`), logs a user in, or requires a login (medium); a view that hands the request to code Taintline does not follow is low at low confidence; webhooks checking a signature header, signed links, tokens in the URL and APIs authenticated by a header, which read none of those, are not reported; a Django `MIDDLEWARE` list without `django.middleware.csrf.CsrfViewMiddleware`.",
        why: "Without a CSRF check, any site the user visits can make their browser submit forms to this app with their cookies: change their e-mail or password, transfer money, delete data.",
        example: "app.config[\"WTF_CSRF_ENABLED\"] = False",
        useInstead: "from flask_wtf.csrf import CSRFProtect\nCSRFProtect(app)  # and keep WTF_CSRF_ENABLED at its default (True)",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
                     "https://docs.djangoproject.com/en/stable/ref/csrf/", "https://flask-wtf.readthedocs.io/en/stable/csrf/"])

    static let rule = Rule(descriptor, on: [.assign, .annAssign, .call, .functionDef], examples: [
        RuleExample("""
        from flask import Flask, session
        from flask_wtf.csrf import CSRFProtect
        app = Flask(__name__)
        csrf = CSRFProtect(app)
        app.config["WTF_CSRF_ENABLED"] = False  # error: TL-WEB-CSRF-DISABLED

        @app.route("/hook", methods=["POST"])
        @csrf.exempt
        def hook():  # error: TL-WEB-CSRF-DISABLED
            return str(session["user_id"])
        """),
        RuleExample("""
        from django.contrib.auth.decorators import login_required
        from django.http import JsonResponse
        from django.views.decorators.csrf import csrf_exempt

        @csrf_exempt
        def transfer(request):  # error: TL-WEB-CSRF-DISABLED
            request.user.account.pay(request.POST["to"], request.POST["amount"])
            return JsonResponse({"ok": True})

        @csrf_exempt
        @login_required
        def settings(request):  # error: TL-WEB-CSRF-DISABLED
            return JsonResponse({"ok": True})

        @csrf_exempt
        def callback(request):  # error: TL-WEB-CSRF-DISABLED
            return handle(request)
        """),
        // Endpoints that never read the session or cookies: a forged cross-site request
        // carries nothing they trust. Webhooks checking a signature header, signed links,
        // tokens in the URL, APIs authenticated by a header.
        RuleExample("""
        import hmac
        import stripe
        from django.core import signing
        from django.http import HttpResponse, JsonResponse
        from django.views.decorators.csrf import csrf_exempt
        from .models import ApiKey, Subscriber

        @csrf_exempt
        def stripe_webhook(request):
            event = stripe.Webhook.construct_event(request.body, request.headers["Stripe-Signature"], SECRET)
            return HttpResponse(status=200)

        @csrf_exempt
        def unsubscribe(request, token):
            Subscriber.objects.filter(email=signing.loads(token, max_age=86400)).delete()
            return HttpResponse("unsubscribed")

        @csrf_exempt
        def api_create(request):
            key = ApiKey.objects.get(key=request.META.get("HTTP_AUTHORIZATION", ""))
            return JsonResponse({"id": key.owner_id})

        @csrf_exempt
        def github_hook(request):
            if not verify_signature(request):
                return HttpResponse(status=403)
            return HttpResponse(status=204)
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

    enum CookieUse: Equatable {
        /// The view never reads the session, cookies or the logged-in user.
        case none
        /// It does: what it reads (`reads request.user`).
        case session(String)
        /// It hands the request to code Taintline does not follow.
        case unknown(String)
    }

    static let sessionAttributes: Set<String> = ["session", "COOKIES", "cookies", "user", "get_signed_cookie", "set_cookie", "set_signed_cookie"]
    static let sessionNames: Set<String> = ["flask.session", "quart.session", "flask_login.current_user", "flask_login.utils.current_user",
                                            "flask.g.user", "django.contrib.auth.login", "django.contrib.auth.logout", "django.contrib.auth.get_user",
                                            "flask_login.login_user", "flask_login.logout_user", "flask_login.utils.login_user"]
    /// Calls that may take the request and still show the view authenticates it itself.
    static let ownAuthenticationWords = ["verify", "signature", "hmac", "validate", "check", "authenticate_header", "construct_event"]

    /// Does the view trust what a browser sends by itself: the session, cookies, the user they
    /// log in? Read from its decorators and body (nested functions included).
    static func cookieUse(of stmt: StmtID, _ context: RuleContext) -> CookieUse {
        if let decorator = WebAuthSupport.loginDecorator(of: stmt, context) { return .session("requires a login (`\(context.text(decorator, limit: 30))`)") }
        let range = context.tree[stmt].range
        var requestNames: Set<String> = ["request"]
        if case .functionDef(let def) = context.tree[stmt].kind, let first = context.tree.parameters(of: def.args).first, first.arg != "self" {
            requestNames.insert(first.arg)
        }
        var unknown: String?
        for index in context.tree.exprs.indices {
            let expr = ExprID(Int32(index))
            let node = context.tree[expr]
            guard node.range.start >= range.start, node.range.end <= range.end else { continue }
            switch node.kind {
            case .attribute(let base, let attr, _) where sessionAttributes.contains(attr):
                let receiver = context.text(base, limit: 40)
                if requestNames.contains(receiver) || receiver == "self.request" || receiver == "g" {
                    return .session("reads `\(context.text(expr, limit: 40))`")
                }
            case .name, .attribute:
                if let name = context.qualifiedName(expr), sessionNames.contains(name) { return .session("uses `\(context.text(expr, limit: 40))`") }
            case .call(let function, let args, let keywords):
                guard unknown == nil else { continue }
                let passesRequest = (args + keywords.map(\.value)).contains { arg in
                    if case .name(let id, _) = context.tree[arg].kind { return requestNames.contains(id) }
                    return false
                }
                guard passesRequest else { continue }
                let callee = context.text(function, limit: 40)
                let lower = callee.lowercased()
                if ownAuthenticationWords.contains(where: lower.contains) { continue }
                if let name = context.call(expr)?.name, name.hasPrefix("django.shortcuts.") || name.hasPrefix("django.http.") || name.hasPrefix("flask.") { continue }
                unknown = callee
            default:
                continue
            }
        }
        return unknown.map { .unknown($0) } ?? .none
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
            let exemption = context.text(expr, limit: 30)
            switch cookieUse(of: stmt, context) {
            case .none:
                // Nothing the browser sends on its own (the session, cookies, the logged-in
                // user) is trusted: a forged request can do no more than its sender could.
                return []
            case .session(let what):
                return [context.finding(descriptor, at: stmt,
                                        description: "`\(view)` is exempt from CSRF checks (`\(exemption)`) and \(what): another site can make a logged-in user's browser call it with that user's cookies.",
                                        remediation: "Remove the exemption and send the CSRF token with the request (a form field or the `X-CSRFToken` header). If the endpoint is a webhook or an API, authenticate it by a signature or a token header and stop reading the session there.",
                                        fix: nil, severity: .medium, confidence: .medium)]
            case .unknown(let call):
                return [context.finding(descriptor, at: stmt,
                                        description: "`\(view)` is exempt from CSRF checks (`\(exemption)`) and passes the request to `\(call)`; Taintline could not tell whether that reads the session or cookies. If it does, another site can make a logged-in user's browser call this view.",
                                        remediation: "If the view acts for a logged-in user, remove the exemption and send the CSRF token; if it is a webhook or an API authenticated by a signature or token header, it is fine: say so with a suppression.",
                                        fix: nil, severity: .low, confidence: .low)]
            }
        }
        return []
    }
}

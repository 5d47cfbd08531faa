import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// A route left open in an app that closes the others: a state-changing Flask/Quart route with
/// no authentication while most of the app's routes require a login, and an admin-looking route
/// with no role check in an app that checks roles elsewhere.
enum MissingAuthentication {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-MISSING-AUTH", name: "missing-authentication", summary: "Route without the authentication or role check the app's other routes have",
        severity: .high, confidence: .medium, owasp: .a07, cwe: 306,
        what: "Finds, in a Flask or Quart app whose decorator-routed views mostly require a login (at least three other routes, and more than half of the others, not counting open routes that are public by name or behind their module's `before_request` hook, carry `@login_required`, `@jwt_required`, `@auth.login_required`, `@roles_required`, ... or a decorator named like one: the `Controls` catalog the threat model uses), a route that changes state (`POST`, `PUT`, `PATCH`, `DELETE`) with no such decorator and no check of the caller in its body (CWE-306); and an admin-looking route (its path, function or blueprint names `admin`, `staff`, `superuser` or `backoffice`) with no role check, neither a role decorator nor a test of `is_admin`/`role`/`permission`/... in its body, in an app that checks roles on other routes (CWE-285). Not reported: login, logout, sign-up, password-reset, OAuth/SSO callback, token, webhook, health, ping, status and similar public routes; a route with any decorator Taintline cannot judge (a project's own decorator may check); modules with a `before_request` hook and apps with an app-wide one (it may authenticate every request).",
        why: "An attacker does not need to log in to call a route the developer forgot to protect: it is enough to find it (the other routes' URLs, the JavaScript, a sitemap). When every other route requires a login, the open one is almost always an oversight, and it is the one that deletes, transfers or changes data. An admin route that only checks for a login lets every user do what only administrators should.",
        example: "@app.route(\"/items/<int:item_id>/delete\", methods=[\"POST\"])\ndef delete_item(item_id):\n    Item.query.filter_by(id=item_id).delete()\n    db.session.commit()\n    return redirect(\"/\")",
        useInstead: "@app.route(\"/items/<int:item_id>/delete\", methods=[\"POST\"])\n@login_required\ndef delete_item(item_id):\n    item = Item.query.filter_by(id=item_id, owner_id=current_user.id).first_or_404()\n    db.session.delete(item)\n    db.session.commit()\n    return redirect(\"/\")",
        references: ["https://cwe.mitre.org/data/definitions/306.html", "https://cwe.mitre.org/data/definitions/285.html",
                     "https://cheatsheetseries.owasp.org/cheatsheets/Authorization_Cheat_Sheet.html",
                     "https://flask-login.readthedocs.io/en/latest/#protecting-views"])

    static let rule = Rule(descriptor, on: [.functionDef], examples: [
        RuleExample("""
        from flask import Flask, Blueprint, redirect, request
        from flask_login import login_required, current_user
        from .auth import admin_required
        from .models import Item, User, db
        app = Flask(__name__)
        admin = Blueprint("admin", __name__, url_prefix="/admin")

        @app.route("/items")
        @login_required
        def items():
            return "items"

        @app.route("/items/new", methods=["POST"])
        @login_required
        def new_item():
            db.session.add(Item(name=request.form["name"], owner_id=current_user.id))
            return redirect("/items")

        @app.route("/items/<int:item_id>/edit", methods=["POST"])
        @login_required
        def edit_item(item_id):
            return "edited"

        @app.route("/account")
        @login_required
        def account():
            return "me"

        @app.route("/admin/users")
        @admin_required
        def list_users():
            return "users"

        @app.route("/items/<int:item_id>/delete", methods=["POST"])
        def delete_item(item_id):  # error: TL-WEB-MISSING-AUTH
            Item.query.filter_by(id=item_id).delete()
            db.session.commit()
            return redirect("/items")

        @admin.route("/users/<int:uid>/ban", methods=["POST"])
        @login_required
        def ban_user(uid):  # error: TL-WEB-MISSING-AUTH[CWE-285]
            User.query.get(uid).banned = True
            db.session.commit()
            return "banned"
        """),
        RuleExample("""
        from flask import Flask, abort, redirect, request
        from flask_login import login_required, current_user, login_user
        from flask_limiter import Limiter
        from .auth import admin_required, audited
        from .models import Item, db
        app = Flask(__name__)
        limiter = Limiter(app)

        @app.route("/items")
        @login_required
        def items():
            return "items"

        @app.route("/items/new", methods=["POST"])
        @login_required
        def new_item():
            return "new"

        @app.route("/account")
        @login_required
        def account():
            return "me"

        @app.route("/admin/stats")
        @admin_required
        def stats():
            return "stats"

        @app.route("/login", methods=["POST"])
        @limiter.limit("5/minute")
        def login():
            return "logged in"

        @app.route("/webhooks/payment", methods=["POST"])
        def payment_webhook():
            return "ok"

        @app.route("/items/<int:item_id>/delete", methods=["POST"])
        @audited
        def delete_item(item_id):
            return "deleted"

        @app.route("/items/<int:item_id>/archive", methods=["POST"])
        def archive_item(item_id):
            if not current_user.is_authenticated:
                abort(401)
            return "archived"

        @app.route("/about")
        def about():
            return "about"

        @app.route("/admin/settings", methods=["POST"])
        @login_required
        def admin_settings():
            if not current_user.is_admin:
                abort(403)
            return "saved"
        """),
        // Three authenticated routes of five: fewer than most of the others, nothing to compare with.
        RuleExample("""
        from flask import Flask
        from flask_login import login_required
        app = Flask(__name__)

        @app.route("/a")
        @login_required
        def a():
            return "a"

        @app.route("/b")
        @login_required
        def b():
            return "b"

        @app.route("/c")
        @login_required
        def c():
            return "c"

        @app.route("/d")
        def d():
            return "d"

        @app.route("/e")
        def e():
            return "e"

        @app.route("/f")
        def f():
            return "f"

        @app.route("/comment", methods=["POST"])
        def comment():
            return "thanks"
        """),
        // A hook that runs before every request of the module may be the authentication.
        RuleExample("""
        from flask import Blueprint, g, abort
        from flask_login import login_required
        bp = Blueprint("items", __name__)

        @bp.before_request
        def load():
            g.db = object()

        @bp.route("/a")
        @login_required
        def a():
            return "a"

        @bp.route("/b")
        @login_required
        def b():
            return "b"

        @bp.route("/c")
        @login_required
        def c():
            return "c"

        @bp.route("/delete", methods=["POST"])
        def delete():
            return "deleted"
        """),
        // The same hook registered by a call.
        RuleExample("""
        from flask import Blueprint
        from flask_login import login_required
        from .auth import require_login
        bp = Blueprint("items", __name__)
        bp.before_request(require_login)

        @bp.route("/a")
        @login_required
        def a():
            return "a"

        @bp.route("/b")
        @login_required
        def b():
            return "b"

        @bp.route("/c")
        @login_required
        def c():
            return "c"

        @bp.route("/delete", methods=["POST"])
        def delete():
            return "deleted"
        """),
    ], check: { check($0, $1) })

    static let unsafeMethods: Set<String> = ["POST", "PUT", "PATCH", "DELETE"]
    /// Words of a path or function name that mark a route public by design.
    static let publicWords: [String] = [
        "login", "logout", "signin", "sign_in", "sign-in", "signout", "signup", "sign_up", "sign-up", "register", "password", "passwd",
        "reset", "forgot", "recover", "webhook", "hook", "ipn", "health", "ping", "status", "callback", "oauth", "sso", "saml", "oidc",
        "token", "auth", "verify", "confirm", "activate", "unsubscribe", "subscribe", "contact", "feedback", "public", "csp", "metrics",
        "ready", "live", "static", "track", "beacon", "newsletter", "search", "invite", "captcha", "locale", "language", "setup",
        "install", "error", "telemetry", "heartbeat", "csrf", "report", "guest", "anonymous", "share", "embed", "preview", "otp",
        "2fa", "mfa", "totp",
    ]
    /// Text in a handler that says it looks at who the caller is.
    static let identityText: [String] = [
        "current_user", "is_authenticated", "is_anonymous", "g.user", "request.user", "token", "authorization", "jwt",
        "api_key", "apikey", "logged_in", "login", "auth", "abort(401", "abort(403", "unauthorized", "forbidden", "permission",
        "secret", "signature", "hmac", "verify", "password", "401", "403",
    ]
    /// Text in a handler that says it checks a role.
    static let roleText: [String] = [
        "is_admin", ".admin", "admin_required", "is_staff", "is_superuser", "superuser", "role", "permission", "has_perm", "staff",
        "abort(403", "forbidden", "403", "privilege", "can_",
    ]
    /// Words that make a path, function or blueprint look administrative.
    static let adminWords: [String] = ["admin", "staff", "superuser", "backoffice"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard !context.isTestFile, case .statement(let stmt) = node else { return [] }
        guard let view = FlaskView(stmt, context) else { return [] }
        let name = view.name
        let routeReceiver = view.receiver
        let words = (view.route.path + " " + name).lowercased()
        if publicWords.contains(where: { words.contains($0) }) { return [] }
        let hooks = hooks(context)
        if hooks.guards(context.model.moduleName) { return [] }
        let route = view.route
        let body = view.body
        let authenticates = view.authenticates
        let authorises = view.authorises
        let qualified = qualifiedName(stmt, context) ?? name
        // An open route that is public by design (a login, a webhook) or behind its module's hook
        // says nothing about what the app leaves open; a protected one always counts.
        let others = RouteAuthentication.decoratedRoutes(context.project).filter { other in
            guard other.function.qualifiedName != qualified else { return false }
            if other.effect == .authenticates || other.effect == .authorises { return true }
            let otherName = String(other.function.qualifiedName.split(separator: ".").last ?? "").lowercased()
            return !publicWords.contains(where: { otherName.contains($0) }) && !hooks.guards(other.function.module)
        }
        let guarded = others.filter { $0.effect == .authenticates || $0.effect == .authorises }
        let mostlyGuarded = guarded.count >= 3 && guarded.count * 2 > others.count
        let anchor = stmt
        let shown = "`\(route.methods.joined(separator: "/")) \(route.path)` (`\(name)`)"
        let example = guarded.map(\.function.qualifiedName).sorted().first.map { "`\($0.split(separator: ".").last ?? "")`" } ?? ""

        let adminLooking = adminWords.contains { words.contains($0) || routeReceiver.lowercased().contains($0) }
        if adminLooking, !authorises, !roleText.contains(where: { body.contains($0) }), others.contains(where: { $0.effect == .authorises }),
           authenticates || (mostlyGuarded && !checksCaller(view)) {
            let checked = others.filter { $0.effect == .authorises }.map(\.function.qualifiedName).sorted().first.map { "`\($0.split(separator: ".").last ?? "")`" } ?? ""
            let what = authenticates ? "requires a login but checks no role" : "requires neither a login nor a role"
            return [context.finding(descriptor, at: anchor,
                                    description: "The admin-looking route \(shown) \(what), while the app checks roles on other routes (such as \(checked)): any user who can log in can call it.",
                                    remediation: "Add the app's role check (`@admin_required`, `@roles_required(\"admin\")`, or `if not current_user.is_admin: abort(403)`) to this route, or to its blueprint with a `before_request` hook.",
                                    fix: "@admin_required", properties: ["cwe": "CWE-285"])]
        }
        guard !authenticates, !Set(route.methods).isDisjoint(with: unsafeMethods), mostlyGuarded, !checksCaller(view) else { return [] }
        return [context.finding(descriptor, at: anchor,
                                description: "\(shown) changes state with no authentication (no login decorator, no check of the caller), while \(guarded.count) of the app's \(others.count) other decorated routes require one (such as \(example)): anyone can call it.",
                                remediation: "Add the app's login check to this route (`@login_required`, `@jwt_required()`, ...) and, where it changes one user's data, restrict it to that user's objects; if it is public on purpose (a webhook, a public form), say so in a comment and verify what the caller sends (a signature, a CAPTCHA).",
                                fix: "@login_required")]
    }

    /// Does the handler look at who the caller is: the identity words, or Flask's `session` global?
    static func checksCaller(_ view: FlaskView) -> Bool {
        view.readsSession || identityText.contains(where: { view.body.contains($0) })
    }

    /// The qualified name the project index uses for the function (`pkg.views.delete_item`).
    static func qualifiedName(_ stmt: StmtID, _ context: RuleContext) -> String? {
        context.project.functions.values.first { $0.module == context.model.moduleName && $0.statement == stmt }?.qualifiedName
    }

    /// The project's `before_request` hooks: whether one runs for every request (on an app, or
    /// `before_app_request`), the modules a blueprint's hook guards (its own), and the packages
    /// whose `__init__` holds one (a blueprint is often made and hooked there and routed in the
    /// package's `views.py`). Both `@bp.before_request` and `bp.before_request(check)` count.
    struct Hooks {
        var appWide = false
        var modules: Set<String> = []
        var packages: Set<String> = []

        func guards(_ module: String) -> Bool {
            appWide || modules.contains(module) || packages.contains { module.hasPrefix($0 + ".") }
        }
    }

    static func hooks(_ context: RuleContext) -> Hooks {
        var found = Hooks()
        func record(_ callee: String, in module: String) {
            guard callee.hasSuffix(".before_request") || callee.hasSuffix(".before_app_request") else { return }
            let owner = callee.split(separator: ".").dropLast()
            let ownerName = owner.joined(separator: ".")
            if callee.hasSuffix(".before_app_request") || ownerName == "flask.Flask" || ownerName == "flask.app.Flask" || ownerName == "quart.Quart"
                || ownerName == "quart.app.Quart" || ["app", "application", "flask_app", "server"].contains(owner.last.map { $0.lowercased() } ?? "") {
                found.appWide = true
            }
            found.modules.insert(module)
            if context.project.modules[module]?.isPackage == true { found.packages.insert(module) }
        }
        for function in context.project.functions.values {
            for decorator in function.decorators { record(decorator, in: function.module) }
        }
        for module in context.project.modules.values {
            for call in module.calls { if let callee = call.callee { record(callee, in: module.name) } }
        }
        // This module's own `bp.before_request(check)`, whose callee the index may not resolve.
        let tree = context.tree
        for index in tree.exprs.indices {
            guard case .call(let function, _, _) = tree[ExprID(Int32(index))].kind, case .attribute(let receiver, let method, _) = tree[function].kind,
                  method == "before_request" || method == "before_app_request" else { continue }
            record((context.tree.dottedName(receiver) ?? "?") + "." + method, in: context.model.moduleName)
        }
        return found
    }
}

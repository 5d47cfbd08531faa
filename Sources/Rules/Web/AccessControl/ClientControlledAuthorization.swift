import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// A role or identity decided from a raw cookie or header: a value the client writes itself.
enum ClientControlledAuthorization {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-CLIENT-AUTH-STATE", name: "client-controlled-auth-state", summary: "Role or identity decided from a raw cookie or header",
        severity: .high, confidence: .medium, owasp: .a07, cwe: 290,
        what: "Finds an `if` (or a flag later tested) that decides a role or an identity from a cookie or header the client sends unsigned: `if request.cookies.get(\"admin\") == \"1\":`, `if request.headers[\"X-User-Role\"] == \"admin\":`, `is_admin = request.COOKIES[\"role\"] == \"admin\"`, `if request.cookies.get(\"logged_in\"):`, `if request.headers.get(\"X-Forwarded-For\") == \"127.0.0.1\":`, and a FastAPI `Cookie()`/`Header()` parameter so tested. The cookie or header must be named like a role or identity (`admin`, `role`, `is_staff`, `user`, `uid`, `logged_in`, `X-Forwarded-For`, ...) and be compared with a constant (or, for a role flag, tested for truth). Signed cookies (`get_signed_cookie`, Tornado's `get_secure_cookie`, Flask's `session`), CSRF tokens, API keys and `Authorization` values compared with a secret are not reported. A cookie is CWE-565; a header CWE-290.",
        why: "The client writes its cookies and headers: `curl -b admin=1` or `-H 'X-User-Role: admin'` is all it takes to pass the check, and an `X-Forwarded-For` the app did not get from its own proxy is whatever the client put there. Identity and roles must come from a server-side session, a signed token or the authentication layer.",
        example: "if request.cookies.get(\"role\") == \"admin\":\n    return render_template(\"admin.html\")",
        useInstead: "from flask_login import current_user, login_required\n@login_required\ndef admin():\n    if not current_user.is_admin:  # the role from the database, for the user the session proves\n        abort(403)",
        references: ["https://cwe.mitre.org/data/definitions/565.html", "https://cwe.mitre.org/data/definitions/290.html",
                     "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html",
                     "https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/05-Authorization_Testing/02-Testing_for_Bypassing_Authorization_Schema"])

    static let rule = Rule(descriptor, on: [.if, .assign], examples: [
        RuleExample("""
        from flask import Flask, abort, request, render_template
        app = Flask(__name__)

        @app.route("/admin")
        def admin():
            if request.cookies.get("admin") == "1":  # error: TL-WEB-CLIENT-AUTH-STATE[CWE-565]
                return render_template("admin.html")
            role = request.headers.get("X-User-Role", "").lower()
            if role in ("admin", "staff"):  # error: TL-WEB-CLIENT-AUTH-STATE
                return render_template("staff.html")
            if not request.cookies.get("logged_in"):  # error: TL-WEB-CLIENT-AUTH-STATE[CWE-565]
                abort(401)
            return "ok"

        @app.route("/internal")
        def internal():
            if request.headers.get("X-Forwarded-For") != "127.0.0.1":  # error: TL-WEB-CLIENT-AUTH-STATE
                abort(403)
            return "ok"
        """),
        RuleExample("""
        from django.http import HttpResponse, HttpResponseForbidden

        def dashboard(request):
            is_admin = request.COOKIES["role"] == "admin"  # error: TL-WEB-CLIENT-AUTH-STATE[CWE-565]
            if is_admin:
                return HttpResponse("all users")
            if request.META.get("HTTP_X_USER_ROLE") == "admin":  # error: TL-WEB-CLIENT-AUTH-STATE
                return HttpResponse("all users")
            return HttpResponseForbidden()
        """),
        RuleExample("""
        from fastapi import Cookie, FastAPI, HTTPException
        app = FastAPI()

        @app.get("/reports")
        def reports(user_role: str = Cookie("guest")):
            if user_role != "admin":  # error: TL-WEB-CLIENT-AUTH-STATE[CWE-565]
                raise HTTPException(403)
            return []
        """),
        RuleExample("""
        import hmac
        import os
        from flask import Flask, abort, request, session
        from flask_login import current_user
        app = Flask(__name__)
        API_KEY = os.environ["API_KEY"]

        @app.route("/admin")
        def admin():
            if session.get("role") == "admin":
                return "ok"
            if current_user.is_admin:
                return "ok"
            if request.headers.get("X-Requested-With") == "XMLHttpRequest":
                return "{}"
            if request.cookies.get("theme") == "dark":
                return "dark"
            if request.headers.get("X-API-Key") == API_KEY:
                return "ok"
            if not hmac.compare_digest(request.headers.get("X-Admin-Token", ""), API_KEY):
                abort(403)
            if request.cookies.get("csrf_token") != session.get("csrf_token"):
                abort(400)
            if request.headers.get("User-Agent") == "healthcheck":
                return "up"
            if request.cookies.get("user_id") is None:
                return "anonymous"
            label = "admin" if request.args.get("role") == "admin" else "user"
            return label

        def view(request):
            if request.get_signed_cookie("role", salt="r") == "admin":
                return "ok"
            # Set by the web server after it authenticated the user, not a header.
            if request.META.get("REMOTE_USER") == "admin":
                return "ok"
            mode = request.COOKIES.get("admin_view") == "compact"
            return "ok"
        """),
    ], check: { check($0, $1) })

    /// Words of a cookie's or header's name that say it carries a role or an identity.
    static let identityWords: [String] = ["admin", "role", "staff", "superuser", "privilege", "permission", "usergroup", "accesslevel", "authlevel", "usertype",
                                          "user", "username", "userid", "uid", "login", "loggedin", "authenticated", "authorized",
                                          "identity", "owner", "isadmin", "account"]
    /// Names whose truth alone grants something (`if request.cookies.get("logged_in"):`).
    static let flagWords: [String] = ["admin", "isadmin", "superuser", "staff", "loggedin", "authenticated", "authorized", "role"]
    /// Names of values that are secrets or about the request, not claims about the client.
    static let notClaims: [String] = ["token", "csrf", "xsrf", "key", "secret", "signature", "authorization", "useragent", "agent",
                                      "nonce", "hash", "password", "session", "sid", "lang", "theme", "view", "mode", "agreed", "consent",
                                      "requestedwith", "accept", "preference", "pref", "tz", "timezone"]
    /// Client-address headers: a constant address compared with one is trust by address.
    static let addressHeaders: Set<String> = ["xforwardedfor", "xrealip", "xclientip", "clientip", "xoriginatingip", "forwarded", "trueclientip"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard case .statement(let stmt) = node else { return [] }
        switch context.tree[stmt].kind {
        case .if(let test, _, _):
            return decisions(in: test, context).compactMap { report($0.0, $0.1, context) }
        case .assign(let targets, let value, _):
            // `is_admin = request.cookies["role"] == "admin"`, tested later.
            guard targets.count == 1, case .name = context.tree[targets[0]].kind, case .compare = context.tree[value].kind,
                  let claim = comparedClaim(value, context), isUsed(targets[0], context) else { return [] }
            return report(value, claim, context).map { [$0] } ?? []
        default:
            return []
        }
    }

    /// A claim the client makes: the request value, where it was read, and the name it goes by.
    struct Claim {
        let origin: RequestOrigin
        let key: String
        let isCookie: Bool
        let isAddress: Bool
    }

    /// The comparisons and flags of an `if` test (through `and`, `or`, `not`) that read a claim.
    static func decisions(in test: ExprID, _ context: RuleContext) -> [(ExprID, Claim)] {
        switch context.tree[test].kind {
        case .boolOp(_, let values): return values.flatMap { decisions(in: $0, context) }
        case .unaryOp(.not, let operand): return decisions(in: operand, context)
        case .compare: return comparedClaim(test, context).map { [(test, $0)] } ?? []
        case .name:
            return []  // a flag assigned from a comparison is reported where it is assigned
        default:
            guard let claim = claim(test, context), flagWords.contains(where: { claim.key.contains($0) }) else { return [] }
            return [(test, claim)]
        }
    }

    /// `value == "constant"`, `value in ("a", "b")`, `"constant" != value`.
    static func comparedClaim(_ compare: ExprID, _ context: RuleContext) -> Claim? {
        guard case .compare(let left, let ops, let comparators) = context.tree[compare].kind, ops.count == 1, comparators.count == 1,
              [.eq, .notEq, .in, .notIn].contains(ops[0]) else { return nil }
        let right = comparators[0]
        let (value, constant) = isConstant(right, context) ? (left, right) : (right, left)
        guard isConstant(constant, context), !isEmpty(constant, context), let found = claim(value, context) else { return nil }
        return found
    }

    static func isConstant(_ expr: ExprID, _ context: RuleContext) -> Bool {
        switch context.tree[expr].kind {
        case .tuple(let items, _), .list(let items, _), .set(let items):
            return !items.isEmpty && items.allSatisfy { isConstant($0, context) }
        case .constant(let value, _):
            if case .none = value { return false }
            return true
        default:
            return false
        }
    }

    static func isEmpty(_ expr: ExprID, _ context: RuleContext) -> Bool {
        if case .constant(.str(let text), _) = context.tree[expr].kind { return text.isEmpty }
        return false
    }

    /// A cookie or header read, named like a role or identity, that reached `value` as it came
    /// (through `.lower()`, `int(...)` and locals).
    static func claim(_ value: ExprID, _ context: RuleContext) -> Claim? {
        guard let origin = Taint.isRequestDerived(value, context), origin.remote == nil,
              let input = origin.parameterInput ?? FrameworkCatalog.field(origin.framework, origin.field)?.input,
              input == .cookie || input == .header, let raw = key(of: origin, context) else { return nil }
        var key = raw.lowercased().filter { $0.isLetter || $0.isNumber }
        // In a CGI-style mapping (Django's `META`, WSGI's `environ`) only `HTTP_*` keys are the
        // client's headers; `REMOTE_USER` and `REMOTE_ADDR` are the server's.
        if FrameworkCatalog.field(origin.framework, origin.field)?.cgiHeaderKeys == true, origin.parameterInput == nil {
            guard raw.uppercased().hasPrefix("HTTP_") else { return nil }
            key.removeFirst(4)
        }
        if addressHeaders.contains(key) { return Claim(origin: origin, key: key, isCookie: false, isAddress: true) }
        guard identityWords.contains(where: { key.contains($0) }), !notClaims.contains(where: { key.contains($0) }) else { return nil }
        return Claim(origin: origin, key: key, isCookie: input == .cookie, isAddress: false)
    }

    /// The cookie's or header's name: the key read (`cookies.get("admin")`, `headers["X-Role"]`)
    /// or a FastAPI parameter's name or alias.
    static func key(of origin: RequestOrigin, _ context: RuleContext) -> String? {
        if origin.parameterInput != nil {
            if let alias = origin.parameterAlias { return alias }
            if case .name(let name, _) = context.tree[origin.expr].kind { return name }
            return nil
        }
        switch context.tree[origin.expr].kind {
        case .subscript(_, let slice, _): return context.string(slice)
        case .call:
            guard let call = context.call(origin.expr), let first = call.argument(0) else { return nil }
            return context.string(first)
        default: return nil
        }
    }

    static func isUsed(_ target: ExprID, _ context: RuleContext) -> Bool {
        guard case .name(let name, _) = context.tree[target].kind, let scope = context.model.scope(of: target) else { return false }
        return context.model.bindings(named: name, in: scope).contains { !context.model.uses(of: $0).isEmpty }
    }

    static func report(_ anchor: ExprID, _ claim: Claim, _ context: RuleContext) -> Finding? {
        let read = claim.origin.text(context)
        let what = claim.isCookie ? "cookie" : "header"
        let description = claim.isAddress
            ? "`\(context.text(anchor, limit: 60))` trusts the client's address from `\(read)`, a header the client can set to anything unless the app's own proxy overwrites it."
            : "`\(context.text(anchor, limit: 60))` decides a role or identity from `\(read)`, a \(what) the client writes itself: sending it is enough to pass."
        return context.finding(descriptor, at: anchor, description: description,
                               remediation: claim.isAddress
                                   ? "Use the address the server saw (`request.remote_addr` behind no proxy, or werkzeug's `ProxyFix` / Django's trusted-proxy setup with the number of proxies you run), and authenticate the caller rather than trusting a network location."
                                   : "Decide roles from the server's record of the authenticated user (`current_user.is_admin`, `request.user.is_staff`), kept in a server-side or signed session (Flask `session`, Django `request.session`, `get_signed_cookie`) or a verified token.",
                               fix: claim.isAddress ? "request.remote_addr" : "current_user.is_admin",
                               flow: claim.origin,
                               proofOfConcept: claim.origin.proofOfConcept(payload: claim.isAddress ? "127.0.0.1" : "admin", context),
                               properties: claim.isCookie ? ["cwe": "CWE-565"] : [:])
    }
}

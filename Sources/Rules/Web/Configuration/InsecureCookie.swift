import Dataflow
import Findings
import PythonSyntax

/// A cookie set by the app without the flags that keep it off plain HTTP, away from scripts,
/// and out of cross-site requests.
enum InsecureCookie {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-INSECURE-COOKIE", name: "cookie-without-security-flags", summary: "Cookie set without Secure, HttpOnly or SameSite",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 614,
        what: "Finds `response.set_cookie(...)` and `set_signed_cookie(...)` (Flask, Quart, Werkzeug, Django, Starlette, FastAPI responses) that leave out `secure=True`, `httponly=True` or a `samesite` of `\"Lax\"` or `\"Strict\"`, or set them to insecure values (`secure=False`, `samesite=\"None\"` without `secure`). Each missing flag is its own finding with its own weakness: no `Secure` is CWE-614, no `HttpOnly` CWE-1004, no `SameSite` CWE-1275 (low severity on its own); a flag given as a variable (e.g. from settings) counts as set. Starlette and FastAPI default to `samesite=\"lax\"`, so only `secure` and `httponly` are asked of them. `delete_cookie` is not reported, nor is a cookie whose value is a constant that is not token-like (a flag such as `\"done\"` for the page's script). The module must import a web framework.",
        why: "Without `Secure` the browser also sends the cookie over plain HTTP, where anyone on the network reads it (CWE-614); without `HttpOnly` any injected script reads it with `document.cookie` (CWE-1004); without `SameSite` it rides along on requests other sites trigger, the basis of CSRF (CWE-1275).",
        example: "response.set_cookie(\"theme\", value)",
        useInstead: "response.set_cookie(\"theme\", value, secure=True, httponly=True, samesite=\"Lax\")",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies",
                     "https://flask.palletsprojects.com/en/stable/security/#set-cookie-options",
                     "https://cwe.mitre.org/data/definitions/614.html", "https://cwe.mitre.org/data/definitions/1004.html",
                     "https://cwe.mitre.org/data/definitions/1275.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from flask import Flask, make_response, request
        app = Flask(__name__)

        @app.route("/prefs", methods=["POST"])
        def prefs():
            response = make_response("ok")
            response.set_cookie("cart", request.form.get("cart", ""))  # error: TL-WEB-INSECURE-COOKIE[CWE-614], TL-WEB-INSECURE-COOKIE[CWE-1004], TL-WEB-INSECURE-COOKIE[CWE-1275]
            response.set_cookie("sid", session_id, secure=True, httponly=True)  # error: TL-WEB-INSECURE-COOKIE[CWE-1275]
            response.set_cookie("sid", session_id, secure=False, httponly=True, samesite="Lax")  # error: TL-WEB-INSECURE-COOKIE[CWE-614]
            response.set_cookie("embed", session_id, httponly=True, samesite="None")  # error: TL-WEB-INSECURE-COOKIE[CWE-614]
            response.set_cookie("sid", session_id, secure=True, samesite="Strict")  # error: TL-WEB-INSECURE-COOKIE[CWE-1004]
            return response
        """),
        RuleExample("""
        from django.http import HttpResponse

        def login(request):
            response = HttpResponse("ok")
            response.set_signed_cookie("remember", "1", max_age=3600)  # error: TL-WEB-INSECURE-COOKIE[CWE-614], TL-WEB-INSECURE-COOKIE[CWE-1004], TL-WEB-INSECURE-COOKIE[CWE-1275]
            return response
        """),
        RuleExample("""
        from fastapi import FastAPI, Response
        app = FastAPI()

        @app.get("/")
        def index(response: Response):
            response.set_cookie("sid", session_id)  # error: TL-WEB-INSECURE-COOKIE[CWE-614], TL-WEB-INSECURE-COOKIE[CWE-1004]
            response.set_cookie("theme", "dark", secure=True, httponly=True)
            response.set_cookie(export_token, "done", max_age=600)
            return {}
        """),
        RuleExample("""
        from flask import Flask, make_response
        from django.conf import settings
        app = Flask(__name__)

        @app.route("/prefs", methods=["POST"])
        def prefs():
            response = make_response("ok")
            response.set_cookie("theme", "light", secure=True, httponly=True, samesite="Lax")
            response.set_cookie("sid", "x", secure=settings.SESSION_COOKIE_SECURE, httponly=True, samesite="Strict")
            response.set_cookie("embed", "x", secure=True, httponly=True, samesite="None")
            response.set_cookie("sid", "x", **app.config["COOKIE_OPTIONS"])
            response.delete_cookie("theme")
            return response
        """),
        RuleExample("""
        class Jar:
            def set_cookie(self, name, value):
                pass
        Jar().set_cookie("a", "b")
        """),
        // Preferences hold nothing to steal; a name that also says session or token still counts.
        RuleExample("""
        from flask import Flask, make_response, request
        from django.conf import settings
        app = Flask(__name__)

        @app.route("/prefs", methods=["POST"])
        def prefs():
            response = make_response("ok")
            response.set_cookie("django_language", request.args.get("l", "en"))
            response.set_cookie("theme", request.form.get("theme", "light"))
            response.set_cookie("darkMode", request.form["dark"], max_age=3600)
            response.set_cookie("cookie_consent", request.form["consent"])
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, value=request.form["lang"], samesite="Lax")
            response.set_cookie("locale_session", request.form["sid"], secure=True, httponly=True)  # error: TL-WEB-INSECURE-COOKIE[CWE-1275]
            return response
        """),
    ], autofix: Autofix(.unsafe, safety: "`secure=True` keeps the cookie off plain HTTP, so a site served over `http://` (a local development server) no longer gets it back; `httponly=True` hides it from the page's JavaScript, so a script that reads it breaks; `samesite=\"Lax\"` keeps it off cross-site subrequests and form posts, so an embedded page or a cross-site POST loses it. Each missing flag is its own fix; a flag set to `False` (or `samesite=None`) is set instead.", examples: [
        FixExample("""
        from flask import Flask, make_response, request
        app = Flask(__name__)

        @app.route("/prefs", methods=["POST"])
        def prefs():
            response = make_response("ok")
            response.set_cookie("cart", request.form.get("cart", ""))
            response.set_cookie("sid", session_id, secure=False, httponly=True, samesite=None)
            response.set_cookie(
                "token",
                token,
                max_age=3600,
            )
            response.set_cookie("remember", token, 3600, None, "/", None, False)
            return response
        """, """
        from flask import Flask, make_response, request
        app = Flask(__name__)

        @app.route("/prefs", methods=["POST"])
        def prefs():
            response = make_response("ok")
            response.set_cookie("cart", request.form.get("cart", ""), secure=True, httponly=True, samesite="Lax")
            response.set_cookie("sid", session_id, secure=True, httponly=True, samesite="Lax")
            response.set_cookie(
                "token",
                token,
                max_age=3600, secure=True, httponly=True, samesite="Lax",
            )
            response.set_cookie("remember", token, 3600, None, "/", None, False)
            return response
        """),
    ]), check: { check($0, $1) })

    /// A constant cookie value long and random enough to be a credential written into the code.
    static func looksLikeToken(_ text: String) -> Bool {
        text.count >= 16 && text.contains(where: \.isNumber) && text.contains(where: \.isLetter) && !text.contains(" ")
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), case .attribute(_, let method, _) = context.tree[call.function].kind,
              method == "set_cookie" || method == "set_signed_cookie", !call.hasUnpacking else { return [] }
        let isStarlette = Taint.importsModule(["starlette", "fastapi"], context)
        guard isStarlette || Taint.importsModule(["flask", "quart", "werkzeug", "django", "sanic", "aiohttp"], context) else { return [] }
        // A class of the module's own that defines `set_cookie` is not a framework response.
        let definesOwn = context.model.bindings.contains { binding in
            guard binding.name == method, case .function = binding.kind else { return false }
            return true
        }
        if definesOwn { return [] }
        // A constant value (`"done"`, `"1"`: a flag for the page's script) is not a credential;
        // the flags protect session ids and tokens, which are computed.
        // (A signed cookie carries state the server trusts, whatever its value.)
        if method == "set_cookie", let value = call.argument(1, "value"), let text = context.string(value), !looksLikeToken(text) { return [] }
        // A cookie that names a display preference (`django_language`, `theme`, `tz`,
        // `cookie_consent`) holds nothing a reader could use to act as the user.
        // (Named by a setting or constant, `settings.LANGUAGE_COOKIE_NAME`: by that name.)
        if let key = call.argument(0, "key"), let cookie = context.string(key) ?? namedConstant(key, context), isPreference(cookie) { return [] }
        // Each missing flag is a weakness of its own, with its own CWE.
        // Each with the keyword and value its fix sets.
        var missing: [(flag: String, cwe: Int, why: String, keyword: String, value: String)] = []
        let secure = call.keyword("secure")
        if secure == nil || context.isFalse(secure) {
            missing.append((secure == nil ? "`secure=True`" : "`secure=True` (it is `False`)", 614,
                            "the browser also sends it over plain HTTP, where anyone on the network reads it", "secure", "True"))
        }
        let httponly = call.keyword("httponly")
        if httponly == nil || context.isFalse(httponly) {
            missing.append((httponly == nil ? "`httponly=True`" : "`httponly=True` (it is `False`)", 1004,
                            "any script injected into the page reads it with `document.cookie`", "httponly", "True"))
        }
        let sameSiteWhy = "it rides along on requests other sites trigger (CSRF)"
        if let samesite = call.keyword("samesite") {
            let value = context.string(samesite)?.lowercased()
            let isNone: Bool = {
                if case .constant(.none, _) = context.tree[samesite].kind { return true }
                return value == "none"
            }()
            // `samesite="None"` is allowed with `secure=True` (checked above); Python `None`
            // leaves the attribute out.
            if isNone, value != "none", !isStarlette { missing.append(("`samesite=\"Lax\"`", 1275, sameSiteWhy, "samesite", "\"Lax\"")) }
        } else if !isStarlette {
            missing.append(("`samesite=\"Lax\"`", 1275, sameSiteWhy, "samesite", "\"Lax\""))
        }
        let name = call.argument(0, "key").map { context.text($0, limit: 30) } ?? "the cookie"
        // The flags are the 7th to 9th parameters of every framework's `set_cookie` (key, value,
        // max_age, expires, path, domain, secure, httponly, samesite): a call passing more than six
        // positional arguments may already pass one, so no keyword is added to it.
        let positionalFlags = call.args.count > 6
        return missing.map { flag in
            context.finding(descriptor, at: call.id,
                            description: "`\(method)(\(name), ...)` sets a cookie without \(flag.flag): \(flag.why).",
                            remediation: "Pass `secure=True, httponly=True, samesite=\"Lax\"` (drop `httponly` only for a cookie your own JavaScript must read, and use `\"Strict\"` for session cookies when cross-site links need not stay logged in).",
                            fix: "\(context.text(call.function))(\(name), ..., secure=True, httponly=True, samesite=\"Lax\")",
                            severity: flag.cwe == 1275 ? .low : nil, properties: ["cwe": "CWE-\(flag.cwe)"],
                            autofix: positionalFlags ? nil : context.fix("Set `\(flag.keyword)=\(flag.value)`", .unsafe, [context.settingKeyword(call, flag.keyword, to: flag.value)]))
        }
    }

    /// The name of the setting or module constant a cookie's name is read from
    /// (`settings.LANGUAGE_COOKIE_NAME`, `THEME_COOKIE`).
    static func namedConstant(_ key: ExprID, _ context: RuleContext) -> String? {
        switch context.tree[key].kind {
        case .attribute(_, let attr, _): return attr.uppercased() == attr ? attr : nil
        case .name(let id, _): return id.uppercased() == id ? id : nil
        default: return nil
        }
    }

    /// Words of a cookie name that say it holds a display or consent preference.
    static let preferenceWords: Set<String> = ["lang", "language", "locale", "i18n", "theme", "tz", "timezone", "currency", "country",
                                               "region", "consent", "gdpr", "accepted", "dismissed", "banner", "sidebar", "layout", "font",
                                               "color", "colour", "dark", "darkmode", "contrast", "tour", "onboarding", "welcome", "units",
                                               "pagesize", "view", "sort", "density"]
    /// Words that say a cookie holds a credential or an identity, whatever else it says.
    static let credentialWords: Set<String> = ["session", "sess", "sid", "token", "auth", "jwt", "key", "secret", "remember", "login",
                                               "user", "uid", "account", "csrf", "xsrf", "id", "pass", "password", "cart", "order", "nonce"]

    static func isPreference(_ name: String) -> Bool {
        var words: [String] = []
        var current = ""
        // `django_language`, `NEXT_LOCALE`, `darkMode`: split on separators and case changes.
        for character in name {
            if !character.isLetter && !character.isNumber {
                if !current.isEmpty { words.append(current.lowercased()); current = "" }
            } else if character.isUppercase, let last = current.last, last.isLowercase {
                words.append(current.lowercased()); current = String(character)
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { words.append(current.lowercased()) }
        return words.contains { preferenceWords.contains($0) } && !words.contains { credentialWords.contains($0) }
    }
}

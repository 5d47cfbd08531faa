import Dataflow
import Findings
import PythonSyntax

/// Session, CSRF and remember-me cookie protections turned off in settings.
enum InsecureCookieSettings {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-COOKIE-SETTINGS", name: "insecure-cookie-settings", summary: "Session or CSRF cookie protection turned off in settings",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 614,
        what: "Finds settings that explicitly turn cookie protections off: `SESSION_COOKIE_SECURE`, `CSRF_COOKIE_SECURE`, `REMEMBER_COOKIE_SECURE`, `LANGUAGE_COOKIE_SECURE` set to `False`; `SESSION_COOKIE_HTTPONLY` or `REMEMBER_COOKIE_HTTPONLY` set to `False`; `SESSION_COOKIE_SAMESITE`, `CSRF_COOKIE_SAMESITE` or `REMEMBER_COOKIE_SAMESITE` set to `None` or `\"None\"`. Each setting is its own finding with its own weakness: `*_SECURE` is CWE-614, `*_HTTPONLY` CWE-1004, `*_SAMESITE` CWE-1275. Read from Flask/Quart `app.config[...]`, `app.config.update(...)`, and from Django settings or Flask configuration modules (upper-case assignments; development and test settings files are skipped). A missing `SESSION_COOKIE_SECURE` in Django settings is TL-WEB-DJANGO-DEPLOY's.",
        why: "A session cookie without `Secure` travels over plain HTTP and can be read on the network; one without `HttpOnly` can be stolen by any injected script; `SameSite=None` sends it with requests other sites make (CSRF). Whoever holds the session cookie is the user.",
        example: "SESSION_COOKIE_SECURE = False",
        useInstead: "SESSION_COOKIE_SECURE = True\nSESSION_COOKIE_HTTPONLY = True\nSESSION_COOKIE_SAMESITE = \"Lax\"",
        references: ["https://flask.palletsprojects.com/en/stable/config/#SESSION_COOKIE_SECURE",
                     "https://docs.djangoproject.com/en/stable/ref/settings/#session-cookie-secure",
                     "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies",
                     "https://cwe.mitre.org/data/definitions/1004.html", "https://cwe.mitre.org/data/definitions/1275.html"])

    static let rule = Rule(descriptor, on: [.assign, .annAssign, .call], examples: [
        RuleExample("""
        from flask import Flask
        app = Flask(__name__)
        app.config["SESSION_COOKIE_SECURE"] = False  # error: TL-WEB-COOKIE-SETTINGS[CWE-614]
        app.config.update(SESSION_COOKIE_HTTPONLY=False, SESSION_COOKIE_SAMESITE=None)  # error: TL-WEB-COOKIE-SETTINGS[CWE-1004], TL-WEB-COOKIE-SETTINGS[CWE-1275]
        """),
        RuleExample("""
        MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
        CSRF_COOKIE_SECURE = False  # error: TL-WEB-COOKIE-SETTINGS[CWE-614]
        SESSION_COOKIE_SAMESITE = "None"  # error: TL-WEB-COOKIE-SETTINGS[CWE-1275]
        REMEMBER_COOKIE_HTTPONLY = False  # error: TL-WEB-COOKIE-SETTINGS[CWE-1004]
        """, path: "shop/settings/production.py"),
        RuleExample("""
        import os
        from flask import Flask
        app = Flask(__name__)
        app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True, SESSION_COOKIE_SAMESITE="Lax")
        app.config["SESSION_COOKIE_SECURE"] = os.environ.get("HTTPS") == "1"
        SESSION_COOKIE_SECURE = False
        """),
        RuleExample("""
        MIDDLEWARE = []
        SESSION_COOKIE_SECURE = False
        """, path: "shop/settings/dev.py"),
    ], check: { check($0, $1) })

    /// What is wrong with a setting, and the weakness it is.
    static func problem(_ name: String, _ value: ExprID, _ context: RuleContext) -> (text: String, cwe: Int)? {
        let isNone: Bool = {
            if case .constant(.none, _) = context.tree[value].kind { return true }
            return context.string(value)?.lowercased() == "none"
        }()
        switch name {
        case "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "REMEMBER_COOKIE_SECURE", "LANGUAGE_COOKIE_SECURE":
            return context.isFalse(value) ? ("is sent over plain HTTP too (no `Secure` flag)", 614) : nil
        case "SESSION_COOKIE_HTTPONLY", "REMEMBER_COOKIE_HTTPONLY":
            return context.isFalse(value) ? ("can be read by scripts in the page (no `HttpOnly` flag)", 1004) : nil
        case "SESSION_COOKIE_SAMESITE", "CSRF_COOKIE_SAMESITE", "REMEMBER_COOKIE_SAMESITE":
            return isNone ? ("is sent with cross-site requests (no `SameSite` restriction)", 1275) : nil
        default:
            return nil
        }
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        let settings = WebSettings.settings(in: node, context).filter { WebSettings.counts($0, context) }
        guard !settings.isEmpty else { return [] }
        if settings.contains(where: \.isBareAssignment), WebSettings.isDevelopmentSettings(context) { return [] }
        return settings.compactMap { setting in
            guard let problem = problem(setting.name, setting.value, context) else { return nil }
            let fix = problem.cwe == 1275 ? "\(setting.name) = \"Lax\"" : "\(setting.name) = True"
            return context.finding(descriptor, at: setting.value,
                                   description: "`\(setting.name) = \(context.text(setting.value, limit: 20))`: the cookie \(problem.text).",
                                   remediation: "Keep the defaults secure in production: `SESSION_COOKIE_SECURE = True`, `SESSION_COOKIE_HTTPONLY = True`, `SESSION_COOKIE_SAMESITE = \"Lax\"` (and the same for CSRF and remember-me cookies); relax them only in development settings.",
                                   fix: fix, severity: problem.cwe == 1275 ? .low : nil, properties: ["cwe": "CWE-\(problem.cwe)"])
        }
    }
}

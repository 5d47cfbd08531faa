import Dataflow
import Findings
import PythonSyntax

/// The key that signs sessions, CSRF tokens and JWTs written into the source.
enum HardcodedSecretKey {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-HARDCODED-SECRET-KEY", name: "hardcoded-secret-key", summary: "Framework signing key hard-coded in the source",
        severity: .high, confidence: .high, owasp: .a07, cwe: 798,
        what: "Finds a literal string used as a web framework's signing key: Flask/Quart `app.config[\"SECRET_KEY\"] = \"...\"`, `app.secret_key = \"...\"`, `app.config.update(SECRET_KEY=\"...\")` / `from_mapping(...)`; `SECRET_KEY = \"...\"` in a Django settings module or a Flask configuration module or class; the same for `JWT_SECRET_KEY`, `WTF_CSRF_SECRET_KEY`, `SECURITY_PASSWORD_SALT` and `SECRET_KEY_FALLBACKS`; Starlette/FastAPI `SessionMiddleware(secret_key=\"...\")`. A literal default of `os.environ.get(\"SECRET_KEY\", \"...\")` / `os.getenv(...)` is reported with medium severity: the app silently runs with the known key when the variable is missing. The description says when the key is also weak (short, a placeholder, Django's `django-insecure-` prefix). The key is shown redacted. Test files are skipped.",
        why: "Whoever knows the signing key can forge session cookies (log in as any user, including an admin), CSRF tokens, password-reset links and JWTs; with Flask's and Django's signed-cookie sessions it can also lead to code execution through deserialization. A key in the source is known to everyone with access to the repository, its history, or a leaked copy.",
        example: "app = Flask(__name__)\napp.config[\"SECRET_KEY\"] = \"s3cr3t-shop-key-2019\"",
        useInstead: "app.config[\"SECRET_KEY\"] = os.environ[\"SECRET_KEY\"]  # generated with secrets.token_hex(32), kept in a secret store",
        references: ["https://flask.palletsprojects.com/en/stable/config/#SECRET_KEY",
                     "https://docs.djangoproject.com/en/stable/ref/settings/#secret-key",
                     "https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html",
                     "https://cwe.mitre.org/data/definitions/798.html"])

    static let rule = Rule(descriptor, on: [.assign, .annAssign, .call], examples: [
        RuleExample("""
        import os
        from flask import Flask
        app = Flask(__name__)
        app.config["SECRET_KEY"] = "s3cr3t-shop-key-2019"  # error: TL-WEB-HARDCODED-SECRET-KEY
        app.secret_key = "dev"  # error: TL-WEB-HARDCODED-SECRET-KEY
        app.config.update(JWT_SECRET_KEY="9f8e7d6c5b4a39281706f5e4d3c2b1a0")  # error: TL-WEB-HARDCODED-SECRET-KEY
        app.config["WTF_CSRF_SECRET_KEY"] = os.environ.get("CSRF_KEY", "csrf-fallback-key")  # error: TL-WEB-HARDCODED-SECRET-KEY
        """),
        RuleExample("""
        INSTALLED_APPS = ["django.contrib.auth"]
        SECRET_KEY = "django-insecure-7x!k2@m9#q$w5e8r1t4y6u3i0o"  # error: TL-WEB-HARDCODED-SECRET-KEY
        """, path: "shop/settings.py"),
        RuleExample("""
        from fastapi import FastAPI
        from starlette.middleware.sessions import SessionMiddleware
        app = FastAPI()
        app.add_middleware(SessionMiddleware, secret_key="a-very-long-session-signing-key")  # error: TL-WEB-HARDCODED-SECRET-KEY
        """),
        RuleExample("""
        import os
        import secrets
        from flask import Flask
        from starlette.middleware import Middleware
        from starlette.middleware.sessions import SessionMiddleware
        app = Flask(__name__)
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
        app.secret_key = os.getenv("SECRET_KEY")
        app.config["JWT_SECRET_KEY"] = "{{ jwt_secret_key }}"
        app.config.update(SECRET_KEY=secrets.token_hex(32), SESSION_COOKIE_NAME="shop")
        app.config["SECRET_KEY_FILE"] = "/run/secrets/flask_key"
        app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "")
        middleware = [Middleware(SessionMiddleware, secret_key=os.environ["SESSION_KEY"])]
        SECRET_KEY = "not-a-setting-here"
        """),
        RuleExample("""
        from flask import Flask
        app = Flask(__name__)
        app.config["SECRET_KEY"] = "test-only-key"
        """, path: "tests/conftest.py"),
    ], check: { check($0, $1) })

    static let keyNames: Set<String> = ["SECRET_KEY", "JWT_SECRET_KEY", "WTF_CSRF_SECRET_KEY", "SECURITY_PASSWORD_SALT", "SECRET_KEY_FALLBACKS"]
    static let sessionMiddleware: Set<String> = ["starlette.middleware.sessions.SessionMiddleware", "fastapi.middleware.sessions.SessionMiddleware"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard !context.isTestFile else { return [] }
        var found: [(name: String, value: ExprID)] = []
        for setting in WebSettings.settings(in: node, context) where keyNames.contains(setting.name) && WebSettings.counts(setting, context) {
            found.append((setting.name, setting.value))
        }
        if case .expression = node, let call = context.call(node), let value = call.keyword("secret_key") {
            // `SessionMiddleware(secret_key=...)`, `app.add_middleware(SessionMiddleware, secret_key=...)`,
            // `Middleware(SessionMiddleware, secret_key=...)`.
            let isMiddleware = call.name.map { sessionMiddleware.contains($0) } == true
                || call.args.first.flatMap { context.qualifiedName($0) }.map { sessionMiddleware.contains($0) } == true
            if isMiddleware { found.append(("SessionMiddleware secret_key", value)) }
        }
        var findings: [Finding] = []
        for (name, value) in found {
            var values = [value]
            if case .list(let items, _) = context.tree[value].kind { values = items }  // SECRET_KEY_FALLBACKS
            for item in values {
                guard let (text, isFallback) = WebSettings.literal(item, context), !text.isEmpty, !isTemplatePlaceholder(text) else { continue }
                findings.append(report(name, text, isFallback: isFallback, at: item, context))
            }
        }
        return findings
    }

    /// `"{{ secret_key }}"` in a project template (filled in by `startproject`), `"${SECRET_KEY}"`,
    /// `"<your-secret-key>"`: a slot for the real key, not a key.
    static func isTemplatePlaceholder(_ text: String) -> Bool {
        let trimmed = text
        return (trimmed.hasPrefix("{{") && trimmed.hasSuffix("}}")) || (trimmed.hasPrefix("${") && trimmed.hasSuffix("}"))
            || (trimmed.hasPrefix("<") && trimmed.hasSuffix(">")) || (trimmed.hasPrefix("%(") && trimmed.hasSuffix(")s"))
    }

    /// Why a key is also weak, if it is.
    static func weakness(_ text: String) -> String? {
        let lower = text.lowercased()
        if lower.hasPrefix("django-insecure-") { return "it carries Django's `django-insecure-` prefix, the development key `startproject` writes" }
        let placeholders = ["changeme", "change-me", "change_me", "secret", "dev", "development", "default", "test", "password", "key", "xxx", "your-secret-key", "please-change"]
        if placeholders.contains(where: { lower == $0 || lower.hasPrefix($0 + "-") || lower.hasPrefix($0 + "_") }) && text.count < 24 { return "it is a guessable placeholder" }
        if text.count < 16 { return "it is only \(text.count) characters long" }
        return nil
    }

    static func report(_ name: String, _ text: String, isFallback: Bool, at value: ExprID, _ context: RuleContext) -> Finding {
        let shown = PasswordHeuristics.redacted(text)
        var description = isFallback
            ? "`\(name)` falls back to the literal \(shown) when the environment variable is missing: the app then signs sessions with a key written in the source."
            : "`\(name)` is the literal \(shown): anyone who can read the source can forge the sessions, tokens and signed values it protects."
        if let weak = weakness(text) { description += " The key is also weak: \(weak)." }
        let variable = name.contains(" ") ? "SESSION_SECRET_KEY" : name
        return context.finding(descriptor, at: value, description: description,
                               remediation: "Read the key from the environment or a secret store and fail at start-up when it is missing; generate it with `python -c 'import secrets; print(secrets.token_hex(32))'`, and rotate the key that was committed (it stays in the git history).",
                               fix: "os.environ[\"\(variable)\"]",
                               severity: isFallback ? .medium : nil, confidence: isFallback ? .medium : nil,
                               redactions: context.credentialSpans(value))
    }
}

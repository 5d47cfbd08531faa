import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// The settings Django's `manage.py check --deploy` asks for, read from the settings module.
enum DjangoDeploySettings {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-DJANGO-DEPLOY", name: "django-insecure-deploy-settings", summary: "Django settings weaken a deployment's protections",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 693,
        what: "Reads a Django settings module (one that defines `INSTALLED_APPS`, `MIDDLEWARE` or `ROOT_URLCONF`) as `manage.py check --deploy` would, without running it. Reported where written: `ALLOWED_HOSTS` containing `\"*\"` (any Host header is accepted: host-header poisoning of password-reset links and caches); `SECURE_SSL_REDIRECT = False`; `SECURE_HSTS_SECONDS = 0` or under a year; `SECURE_CONTENT_TYPE_NOSNIFF = False`; `X_FRAME_OPTIONS` other than `DENY`/`SAMEORIGIN`; a `MIDDLEWARE` list without `SecurityMiddleware` or without `XFrameOptionsMiddleware`. Reported once, with low severity, on the `MIDDLEWARE` line: deploy settings that are missing altogether (`SECURE_HSTS_SECONDS`, `SECURE_SSL_REDIRECT`, `SESSION_COOKIE_SECURE`, `CSRF_COOKIE_SECURE`), only in a single-file `settings.py` that does not star-import another settings module (split settings set them elsewhere). Development and test settings files are skipped. Each finding names its weakness: plain HTTP allowed (`SECURE_SSL_REDIRECT`, `SECURE_HSTS_SECONDS`) is CWE-319, framing allowed (`X_FRAME_OPTIONS`, no `XFrameOptionsMiddleware`) CWE-1021, the others CWE-693.",
        why: "These settings are Django's protections against downgrade to HTTP and cookie theft (HSTS, SSL redirect, secure cookies), MIME sniffing, clickjacking and Host-header attacks; each one left off opens that attack on the deployed site.",
        example: "ALLOWED_HOSTS = [\"*\"]\nSECURE_HSTS_SECONDS = 0",
        useInstead: "ALLOWED_HOSTS = [\"shop.example.com\"]\nSECURE_SSL_REDIRECT = True\nSECURE_HSTS_SECONDS = 31536000\nSESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True",
        references: ["https://docs.djangoproject.com/en/stable/howto/deployment/checklist/",
                     "https://docs.djangoproject.com/en/stable/ref/middleware/#module-django.middleware.security",
                     "https://cwe.mitre.org/data/definitions/693.html", "https://cwe.mitre.org/data/definitions/319.html",
                     "https://cwe.mitre.org/data/definitions/1021.html"])

    static let rule = Rule(descriptor, on: [.assign, .annAssign], examples: [
        RuleExample("""
        ROOT_URLCONF = "shop.urls"
        ALLOWED_HOSTS = ["shop.example.com", "*"]  # error: TL-WEB-DJANGO-DEPLOY
        MIDDLEWARE = [  # error: TL-WEB-DJANGO-DEPLOY, TL-WEB-DJANGO-DEPLOY[CWE-1021]
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
        ]
        SECURE_HSTS_SECONDS = 0  # error: TL-WEB-DJANGO-DEPLOY[CWE-319]
        SECURE_SSL_REDIRECT = False  # error: TL-WEB-DJANGO-DEPLOY[CWE-319]
        SECURE_CONTENT_TYPE_NOSNIFF = False  # error: TL-WEB-DJANGO-DEPLOY
        X_FRAME_OPTIONS = "ALLOWALL"  # error: TL-WEB-DJANGO-DEPLOY[CWE-1021]
        """, path: "shop/settings.py"),
        RuleExample("""
        ROOT_URLCONF = "shop.urls"
        ALLOWED_HOSTS = ["shop.example.com"]
        MIDDLEWARE = [
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ]
        SECURE_SSL_REDIRECT = True
        SECURE_HSTS_SECONDS = 31536000
        SESSION_COOKIE_SECURE = True
        CSRF_COOKIE_SECURE = True
        X_FRAME_OPTIONS = "DENY"
        """, path: "shop/settings.py"),
        RuleExample("""
        from .base import *
        ALLOWED_HOSTS = ["*"]
        MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
        """, path: "shop/settings/dev.py"),
        RuleExample("""
        from .base import *
        ALLOWED_HOSTS = ["shop.example.com"]
        MIDDLEWARE = [
            "django.middleware.security.SecurityMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
        ]
        """, path: "shop/settings/production.py"),
    ], check: { check($0, $1) })

    static let deploySettings = ["SECURE_HSTS_SECONDS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        // The node test first: the module-wide test below walks every binding.
        let settings = WebSettings.settings(in: node, context).filter(\.isBareAssignment)
        guard !settings.isEmpty, WebSettings.definesDjangoSettings(context), !WebSettings.isDevelopmentSettings(context) else { return [] }
        var findings: [Finding] = []
        for setting in settings {
            let value = setting.value
            switch setting.name {
            case "ALLOWED_HOSTS":
                guard case .list(let items, _) = context.tree[value].kind, items.contains(where: { context.string($0) == "*" }) else { continue }
                findings.append(finding(value, "`ALLOWED_HOSTS` contains `\"*\"`: requests with any `Host` header are served, so password-reset e-mails and cached pages can carry an attacker's host name.", "ALLOWED_HOSTS = [\"shop.example.com\"]", context))
            case "SECURE_SSL_REDIRECT" where context.isFalse(value):
                findings.append(finding(value, "`SECURE_SSL_REDIRECT = False`: plain-HTTP requests are served instead of being redirected to HTTPS.", "SECURE_SSL_REDIRECT = True", context, cwe: 319))
            case "SECURE_HSTS_SECONDS":
                guard let seconds = context.int(value), seconds < 31_536_000 else { continue }
                findings.append(finding(value, seconds == 0
                                        ? "`SECURE_HSTS_SECONDS = 0`: no Strict-Transport-Security header, so browsers keep trying plain HTTP first."
                                        : "`SECURE_HSTS_SECONDS = \(seconds)`: browsers remember HTTPS-only for less than a year.",
                                        "SECURE_HSTS_SECONDS = 31536000", context, severity: seconds == 0 ? nil : .low, cwe: 319))
            case "SECURE_CONTENT_TYPE_NOSNIFF" where context.isFalse(value):
                findings.append(finding(value, "`SECURE_CONTENT_TYPE_NOSNIFF = False`: browsers may guess content types and run an uploaded file as a script.", "SECURE_CONTENT_TYPE_NOSNIFF = True", context))
            case "X_FRAME_OPTIONS":
                guard let text = context.string(value), !["DENY", "SAMEORIGIN"].contains(text.uppercased()) else { continue }
                findings.append(finding(value, "`X_FRAME_OPTIONS = \"\(text)\"`: other sites may frame the pages (clickjacking).", "X_FRAME_OPTIONS = \"DENY\"", context, cwe: 1021))
            case "MIDDLEWARE":
                findings += middleware(value, context)
            default:
                continue
            }
        }
        return findings
    }

    /// A `MIDDLEWARE` list without the security middleware (CWE-693) or the clickjacking one
    /// (CWE-1021), one finding each; with both, in a lone settings file, the deploy settings it never sets.
    static func middleware(_ value: ExprID, _ context: RuleContext) -> [Finding] {
        guard case .list(let items, _) = context.tree[value].kind else { return [] }
        let names = items.compactMap { context.string($0) }
        guard names.count == items.count, !names.isEmpty else { return [] }
        var findings: [Finding] = []
        if !names.contains(where: { $0.hasSuffix("SecurityMiddleware") && $0.contains("security") }) {
            findings.append(finding(value, "`MIDDLEWARE` has no `django.middleware.security.SecurityMiddleware`: it sends HSTS, nosniff and the SSL redirect.",
                                    "\"django.middleware.security.SecurityMiddleware\",", context))
        }
        if !names.contains(where: { $0.hasSuffix("XFrameOptionsMiddleware") }) {
            findings.append(finding(value, "`MIDDLEWARE` has no `django.middleware.clickjacking.XFrameOptionsMiddleware`: other sites may frame the pages (clickjacking).",
                                    "\"django.middleware.clickjacking.XFrameOptionsMiddleware\",", context, cwe: 1021))
        }
        guard findings.isEmpty, isSingleSettingsFile(context) else { return findings }
        let missing = deploySettings.filter { name in !context.model.bindings.contains { $0.name == name } }
        guard !missing.isEmpty else { return [] }
        return [finding(value, "This settings file never sets \(missing.map { "`\($0)`" }.joined(separator: ", ")): Django's defaults for them are the insecure ones (no HSTS, no redirect to HTTPS, cookies sent over HTTP).",
                        "SECURE_SSL_REDIRECT = True\nSECURE_HSTS_SECONDS = 31536000\nSESSION_COOKIE_SECURE = True\nCSRF_COOKIE_SECURE = True", context, severity: .low)]
    }

    /// A lone `settings.py` that imports no other settings with `*`.
    static func isSingleSettingsFile(_ context: RuleContext) -> Bool {
        let file = context.path.split(separator: "/").last.map(String.init) ?? context.path
        guard file == "settings.py" else { return false }
        for stmt in context.tree.body {
            if case .importFrom(_, let names, _) = context.tree[stmt].kind, names.contains(where: { $0.name == "*" }) { return false }
        }
        return true
    }

    static func finding(_ at: ExprID, _ description: String, _ fix: String, _ context: RuleContext, severity: Severity? = nil, cwe: Int? = nil) -> Finding {
        context.finding(descriptor, at: at, description: description,
                        remediation: "Set the production value in the settings that are deployed (run `python manage.py check --deploy` against them); keep relaxed values in development settings only.",
                        fix: fix, severity: severity, properties: cwe.map { ["cwe": "CWE-\($0)"] } ?? [:])
    }
}

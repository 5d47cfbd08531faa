import Findings

private let mdnHeaders = "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/"
private let owaspHeaders = "https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html"
private let owaspCSP = "https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html"
private let owaspCookies = "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#cookies"
private let owaspCORS = "https://portswigger.net/web-security/cors"

/// The catalog of probe checks. Each check's code names its rule from here.
enum ProbeRules {
    // MARK: Content-Security-Policy

    static let cspMissing = ProbeRule(
        id: "PROBE-CSP-MISSING", name: "csp-missing", summary: "Content-Security-Policy header missing",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 693,
        what: "Reports HTML pages served without a `Content-Security-Policy` header (or `<meta http-equiv>`), once per site with the list of pages.",
        why: "Without a policy, any injected markup can run script: one XSS bug becomes full account takeover. A policy is the second line of defence.",
        example: "HTTP/1.1 200 OK\nContent-Type: text/html",
        useInstead: "Content-Security-Policy: default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
        remediation: "Send a Content-Security-Policy on every HTML response, e.g. from an `after_request` hook or flask-talisman; start from `default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'`.",
        references: [owaspCSP, mdnHeaders + "Content-Security-Policy"])

    static let cspUnsafeInline = ProbeRule(
        id: "PROBE-CSP-UNSAFE-INLINE", name: "csp-unsafe-inline", summary: "CSP allows inline script ('unsafe-inline')",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 693,
        what: "Reports policies whose `script-src` (or `default-src` when there is none) contains `'unsafe-inline'` without a nonce, hash or `'strict-dynamic'` that would make browsers ignore it.",
        why: "Inline script is exactly what an XSS payload is, so the policy no longer stops XSS.",
        example: "Content-Security-Policy: script-src 'self' 'unsafe-inline'",
        useInstead: "Content-Security-Policy: script-src 'self' 'nonce-r4nd0m'",
        remediation: "Remove 'unsafe-inline' from script-src: move inline scripts to files or give them a per-response nonce.",
        references: [owaspCSP, "https://csp-evaluator.withgoogle.com/"])

    static let cspUnsafeEval = ProbeRule(
        id: "PROBE-CSP-UNSAFE-EVAL", name: "csp-unsafe-eval", summary: "CSP allows eval() ('unsafe-eval')",
        severity: .low, confidence: .high, owasp: .a05, cwe: 693,
        what: "Reports policies whose effective `script-src` contains `'unsafe-eval'`.",
        why: "`eval`, `new Function` and string timers turn injected data into code (DOM XSS) even when script sources are restricted.",
        example: "Content-Security-Policy: script-src 'self' 'unsafe-eval'",
        useInstead: "Content-Security-Policy: script-src 'self'",
        remediation: "Remove 'unsafe-eval' and replace eval-based code (template compilers, JSON via eval) with safe alternatives.",
        references: [owaspCSP])

    static let cspWildcard = ProbeRule(
        id: "PROBE-CSP-WILDCARD", name: "csp-wildcard-source", summary: "CSP allows scripts or plugins from any host",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 693,
        what: "Reports `*`, `http:`, `https:`, `data:` or `blob:` in the effective `script-src` or `object-src`.",
        why: "An attacker can host a script anywhere (or inline it as a data: URL), so the policy does not restrict script at all.",
        example: "Content-Security-Policy: default-src *",
        useInstead: "Content-Security-Policy: default-src 'self'; script-src 'self' https://cdn.example.com",
        remediation: "List the exact hosts scripts come from (or use nonces with 'strict-dynamic') and set object-src 'none'.",
        references: [owaspCSP])

    static let cspMissingDirective = ProbeRule(
        id: "PROBE-CSP-MISSING-DIRECTIVE", name: "csp-missing-directive", summary: "CSP lacks a directive that has no fallback",
        severity: .low, confidence: .high, owasp: .a05, cwe: 693,
        what: "Reports policies without `frame-ancestors`, `base-uri`, `object-src` (nor `default-src`) or any script restriction. These do not fall back to `default-src` (or have no fallback set).",
        why: "A missing `base-uri` lets injected `<base>` tags redirect relative scripts; a missing `object-src` allows plugin content; a missing `frame-ancestors` leaves framing open.",
        example: "Content-Security-Policy: default-src 'self'",
        useInstead: "Content-Security-Policy: default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'self'",
        remediation: "Add the missing directives to the policy.",
        references: [owaspCSP, "https://www.w3.org/TR/CSP3/#directive-fallback-list"])

    // MARK: Other headers

    static let hstsMissing = ProbeRule(
        id: "PROBE-HSTS-MISSING", name: "hsts-missing", summary: "Strict-Transport-Security header missing on HTTPS",
        severity: .medium, confidence: .high, owasp: .a02, cwe: 319,
        what: "Reports HTTPS responses without a `Strict-Transport-Security` header, once per site.",
        why: "Without HSTS the first request of a visit can be made over plain HTTP and downgraded by anyone on the network (SSL stripping).",
        example: "HTTP/1.1 200 OK   (over https, no Strict-Transport-Security)",
        useInstead: "Strict-Transport-Security: max-age=63072000; includeSubDomains",
        remediation: "Send `Strict-Transport-Security: max-age=63072000; includeSubDomains` on every HTTPS response.",
        references: [mdnHeaders + "Strict-Transport-Security", owaspHeaders])

    static let hstsWeak = ProbeRule(
        id: "PROBE-HSTS-WEAK", name: "hsts-weak", summary: "Strict-Transport-Security too short or without includeSubDomains",
        severity: .low, confidence: .high, owasp: .a02, cwe: 319,
        what: "Reports HSTS headers whose `max-age` is under one year (31536000 s), missing or unparsable, or that lack `includeSubDomains`.",
        why: "A short max-age expires between visits; without includeSubDomains an attacker can use a sub-domain over HTTP to set cookies for the site.",
        example: "Strict-Transport-Security: max-age=3600",
        useInstead: "Strict-Transport-Security: max-age=63072000; includeSubDomains",
        remediation: "Use max-age of at least 31536000 and add includeSubDomains.",
        references: [mdnHeaders + "Strict-Transport-Security", "https://hstspreload.org/"])

    static let contentTypeOptions = ProbeRule(
        id: "PROBE-XCTO-MISSING", name: "x-content-type-options-missing", summary: "X-Content-Type-Options: nosniff missing",
        severity: .low, confidence: .high, owasp: .a05, cwe: 693,
        what: "Reports responses with a body but without `X-Content-Type-Options: nosniff`, once per site.",
        why: "Browsers may sniff an uploaded or user-controlled file as HTML or script and run it.",
        example: "HTTP/1.1 200 OK\nContent-Type: text/plain",
        useInstead: "X-Content-Type-Options: nosniff",
        remediation: "Send `X-Content-Type-Options: nosniff` on every response.",
        references: [mdnHeaders + "X-Content-Type-Options", owaspHeaders])

    static let clickjacking = ProbeRule(
        id: "PROBE-CLICKJACKING", name: "clickjacking-protection-missing", summary: "No clickjacking protection (X-Frame-Options or frame-ancestors)",
        severity: .medium, confidence: .high, owasp: .a04, cwe: 1021,
        what: "Reports HTML pages with neither `X-Frame-Options` (DENY or SAMEORIGIN) nor a CSP `frame-ancestors` directive.",
        why: "Another site can load the page in an invisible frame and trick users into clicking its buttons (clickjacking).",
        example: "HTTP/1.1 200 OK\nContent-Type: text/html",
        useInstead: "Content-Security-Policy: frame-ancestors 'none'\nX-Frame-Options: DENY",
        remediation: "Send `Content-Security-Policy: frame-ancestors 'none'` (or 'self') and `X-Frame-Options: DENY` for older browsers.",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Clickjacking_Defense_Cheat_Sheet.html"])

    static let referrerPolicy = ProbeRule(
        id: "PROBE-REFERRER-POLICY", name: "referrer-policy-missing-or-unsafe", summary: "Referrer-Policy missing or leaks full URLs",
        severity: .low, confidence: .high, owasp: .a01, cwe: 200,
        what: "Reports HTML pages without a `Referrer-Policy` (header or meta) or with `unsafe-url` / `no-referrer-when-downgrade`.",
        why: "Full URLs, with tokens or personal data in the path or query, are sent to every third party the page links to or loads from.",
        example: "Referrer-Policy: unsafe-url",
        useInstead: "Referrer-Policy: strict-origin-when-cross-origin",
        remediation: "Send `Referrer-Policy: strict-origin-when-cross-origin` (or `no-referrer`).",
        references: [mdnHeaders + "Referrer-Policy"])

    static let permissionsPolicy = ProbeRule(
        id: "PROBE-PERMISSIONS-POLICY-MISSING", name: "permissions-policy-missing", summary: "Permissions-Policy header missing",
        severity: .info, confidence: .high, owasp: .a05, cwe: 693,
        what: "Reports HTML pages without a `Permissions-Policy` header, once per site.",
        why: "Injected or framed content can use powerful browser features (camera, geolocation, payment) the site never needs.",
        example: "HTTP/1.1 200 OK\nContent-Type: text/html",
        useInstead: "Permissions-Policy: camera=(), microphone=(), geolocation=()",
        remediation: "Send a Permissions-Policy that disables the features the site does not use.",
        references: [mdnHeaders + "Permissions-Policy"])

    static let cacheControl = ProbeRule(
        id: "PROBE-CACHE-CONTROL", name: "sensitive-response-cacheable", summary: "Response with cookies or authenticated content lacks Cache-Control: no-store",
        severity: .low, confidence: .medium, owasp: .a04, cwe: 525,
        what: "Reports responses that set cookies, or pages fetched with the user's credentials (`--cookie`, `--header Authorization`), whose `Cache-Control` lacks `no-store`.",
        why: "Shared caches and the browser's disk cache can keep and replay personal pages and fresh session cookies to the next user.",
        example: "HTTP/1.1 200 OK\nSet-Cookie: session=...\n(no Cache-Control)",
        useInstead: "Cache-Control: no-store",
        remediation: "Send `Cache-Control: no-store` on responses that set cookies or show per-user data.",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#web-content-caching"])

    static let serverVersion = ProbeRule(
        id: "PROBE-SERVER-VERSION", name: "server-version-disclosure", summary: "Server header discloses software versions",
        severity: .low, confidence: .high, owasp: .a01, cwe: 497,
        what: "Reports a `Server` header that contains a version number (`Werkzeug/3.1.3 Python/3.11.7`), once per site.",
        why: "Version numbers let attackers pick known exploits without probing; a development server name also shows the app runs on a server not meant for production.",
        example: "Server: Werkzeug/3.1.3 Python/3.11.7",
        useInstead: "Server: app   (or no Server header)",
        remediation: "Remove versions from the Server header (gunicorn/nginx settings such as `server_tokens off`) and do not expose the Werkzeug development server.",
        references: [owaspHeaders])

    static let poweredBy = ProbeRule(
        id: "PROBE-X-POWERED-BY", name: "x-powered-by-disclosure", summary: "X-Powered-By header discloses the framework",
        severity: .low, confidence: .high, owasp: .a01, cwe: 497,
        what: "Reports an `X-Powered-By` header, once per site.",
        why: "It names the framework and often its version, which narrows an attacker's search for known vulnerabilities.",
        example: "X-Powered-By: Flask 3.1",
        useInstead: "(no X-Powered-By header)",
        remediation: "Stop sending X-Powered-By.",
        references: [owaspHeaders])

    // MARK: Cookies

    static let cookieNoSecure = ProbeRule(
        id: "PROBE-COOKIE-NO-SECURE", name: "cookie-without-secure", summary: "Cookie set without the Secure flag",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 614,
        what: "Reports cookies set without `Secure` (session-like cookies over plain HTTP are reported by PROBE-COOKIE-OVER-HTTP instead).",
        why: "The browser sends the cookie over any plain-HTTP request to the site, where anyone on the network can read it.",
        example: "Set-Cookie: prefs=dark; Path=/",
        useInstead: "Set-Cookie: prefs=dark; Path=/; Secure; SameSite=Lax",
        remediation: "Add Secure to the cookie (Flask: SESSION_COOKIE_SECURE=True, `set_cookie(..., secure=True)`).",
        references: [owaspCookies])

    static let cookieNoHttpOnly = ProbeRule(
        id: "PROBE-COOKIE-NO-HTTPONLY", name: "session-cookie-without-httponly", summary: "Session cookie readable by JavaScript (no HttpOnly)",
        severity: .medium, confidence: .medium, owasp: .a05, cwe: 1004,
        what: "Reports session-like cookies (names with session, sid, auth, token, jwt, remember...; not csrf) set without `HttpOnly`.",
        why: "Any XSS can read the cookie with `document.cookie` and send the session to the attacker.",
        example: "Set-Cookie: session=abc123; Path=/",
        useInstead: "Set-Cookie: session=abc123; Path=/; HttpOnly; Secure; SameSite=Lax",
        remediation: "Add HttpOnly (Flask: SESSION_COOKIE_HTTPONLY=True, `set_cookie(..., httponly=True)`).",
        references: [owaspCookies])

    static let cookieNoSameSite = ProbeRule(
        id: "PROBE-COOKIE-NO-SAMESITE", name: "cookie-without-samesite", summary: "Cookie set without a valid SameSite attribute",
        severity: .low, confidence: .high, owasp: .a01, cwe: 1275,
        what: "Reports cookies without `SameSite`, with an unknown value, or with `SameSite=None` but no `Secure` (which browsers reject).",
        why: "Without SameSite, older browsers send the cookie on cross-site requests, which is what CSRF needs.",
        example: "Set-Cookie: session=abc123; HttpOnly; Secure",
        useInstead: "Set-Cookie: session=abc123; HttpOnly; Secure; SameSite=Lax",
        remediation: "Add SameSite=Lax (or Strict) to the cookie (Flask: SESSION_COOKIE_SAMESITE='Lax').",
        references: [owaspCookies, mdnHeaders + "Set-Cookie#samesitesamesite-value"])

    static let cookieLongExpiry = ProbeRule(
        id: "PROBE-COOKIE-LONG-EXPIRY", name: "cookie-long-expiry", summary: "Cookie lives longer than a year",
        severity: .low, confidence: .high, owasp: .a07, cwe: 613,
        what: "Reports cookies whose Max-Age or Expires lies more than 365 days ahead.",
        why: "A stolen or forgotten cookie stays valid for years; session and remember-me tokens should expire.",
        example: "Set-Cookie: remember_token=...; Max-Age=315360000",
        useInstead: "Set-Cookie: remember_token=...; Max-Age=1209600; Secure; HttpOnly; SameSite=Lax",
        remediation: "Shorten the cookie's lifetime (Flask: PERMANENT_SESSION_LIFETIME, REMEMBER_COOKIE_DURATION) and expire tokens server-side too.",
        references: [owaspCookies])

    static let cookieOverHTTP = ProbeRule(
        id: "PROBE-COOKIE-OVER-HTTP", name: "session-cookie-over-http", summary: "Session cookie set over plain HTTP",
        severity: .high, confidence: .high, owasp: .a02, cwe: 319,
        what: "Reports session-like cookies set without `Secure` in a plain-HTTP response.",
        why: "The session value travels in clear text now and on every later request: anyone on the network can take over the session.",
        example: "http://shop.example/login\nSet-Cookie: session=abc123; HttpOnly",
        useInstead: "https://shop.example/login\nSet-Cookie: session=abc123; HttpOnly; Secure; SameSite=Lax",
        remediation: "Serve the site over HTTPS only and mark session cookies Secure.",
        references: [owaspCookies])

    // MARK: CORS

    static let corsReflected = ProbeRule(
        id: "PROBE-CORS-REFLECTED-ORIGIN", name: "cors-reflects-origin", summary: "CORS reflects any Origin",
        severity: .high, confidence: .high, owasp: .a05, cwe: 942,
        what: "Sends `Origin: https://taintline.invalid` and reports when `Access-Control-Allow-Origin` echoes it. High when credentials are allowed too.",
        why: "Any web site can read the responses with the visitor's cookies: personal data, CSRF tokens, API keys.",
        example: "Origin: https://evil.example\n-> Access-Control-Allow-Origin: https://evil.example\n-> Access-Control-Allow-Credentials: true",
        useInstead: "Access-Control-Allow-Origin: https://app.example.com   (a fixed allow-list)",
        remediation: "Compare the Origin with an explicit allow-list (flask-cors `origins=[...]`, never a regex matching everything).",
        references: [owaspCORS])

    static let corsNull = ProbeRule(
        id: "PROBE-CORS-NULL-ORIGIN", name: "cors-null-origin", summary: "CORS allows the null origin",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 942,
        what: "Sends `Origin: null` and reports when `Access-Control-Allow-Origin: null` comes back.",
        why: "Sandboxed iframes and `data:` documents of any site send `Origin: null`, so allowing it allows everyone.",
        example: "Origin: null\n-> Access-Control-Allow-Origin: null",
        useInstead: "(no Access-Control-Allow-Origin for null)",
        remediation: "Remove `null` from the CORS allow-list.",
        references: [owaspCORS])

    static let corsWildcardCredentials = ProbeRule(
        id: "PROBE-CORS-WILDCARD-CREDENTIALS", name: "cors-wildcard-with-credentials", summary: "CORS wildcard origin combined with credentials",
        severity: .medium, confidence: .high, owasp: .a05, cwe: 942,
        what: "Reports `Access-Control-Allow-Origin: *` together with `Access-Control-Allow-Credentials: true`.",
        why: "Browsers refuse this combination, so the configuration is wrong; the usual 'fix' is reflecting the Origin, which exposes every user's data.",
        example: "Access-Control-Allow-Origin: *\nAccess-Control-Allow-Credentials: true",
        useInstead: "Access-Control-Allow-Origin: https://app.example.com\nAccess-Control-Allow-Credentials: true",
        remediation: "Use an explicit origin allow-list when credentials are needed, or drop credentials for public data.",
        references: [owaspCORS])

    // MARK: Information leaks

    static let werkzeugDebugger = ProbeRule(
        id: "PROBE-WERKZEUG-DEBUGGER", name: "werkzeug-debugger-exposed", summary: "Werkzeug interactive debugger reachable",
        severity: .critical, confidence: .high, owasp: .a05, cwe: 489,
        what: "Requests `/console` and looks at every page for the Werkzeug debugger (`__debugger__`, the interactive traceback).",
        why: "The debugger runs Python code in the server process; its PIN is guessable from public machine data. It is remote code execution.",
        example: "GET /console -> 200 'Werkzeug ... Interactive Console'",
        useInstead: "app.run(debug=False)   # and a production server: gunicorn app:app",
        remediation: "Never run with debug=True (FLASK_DEBUG) where others can connect; serve with gunicorn/uwsgi.",
        references: ["https://werkzeug.palletsprojects.com/en/latest/debug/", "https://flask.palletsprojects.com/en/latest/debugging/"])

    static let djangoDebug = ProbeRule(
        id: "PROBE-DJANGO-DEBUG", name: "django-debug-page", summary: "Django debug page (DEBUG = True)",
        severity: .high, confidence: .high, owasp: .a05, cwe: 489,
        what: "Requests a page that does not exist and looks at every page for Django's technical 404/500 pages.",
        why: "Debug pages list every URL pattern, settings, local variables and SQL: a map of the app and often its secrets.",
        example: "GET /nope -> 404 \"You're seeing this error because you have DEBUG = True\"",
        useInstead: "DEBUG = False   # in production settings",
        remediation: "Set DEBUG = False in production and configure ALLOWED_HOSTS.",
        references: ["https://docs.djangoproject.com/en/stable/ref/settings/#debug"])

    static let stackTrace = ProbeRule(
        id: "PROBE-STACK-TRACE", name: "stack-trace-disclosure", summary: "Stack trace or framework error page in a response",
        severity: .medium, confidence: .medium, owasp: .a04, cwe: 209,
        what: "Looks at every page for Python tracebacks (`Traceback (most recent call last)`) and framework error pages.",
        why: "Tracebacks reveal file paths, code, library versions and sometimes data, and show where input breaks the app.",
        example: "HTTP/1.1 500\nTraceback (most recent call last):\n  File \"/srv/app.py\", line 12",
        useInstead: "HTTP/1.1 500\n<h1>Something went wrong</h1>",
        remediation: "Return a generic error page and log the traceback on the server.",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Error_Handling_Cheat_Sheet.html"])

    static let directoryListing = ProbeRule(
        id: "PROBE-DIRECTORY-LISTING", name: "directory-listing", summary: "Directory listing enabled",
        severity: .medium, confidence: .high, owasp: .a01, cwe: 548,
        what: "Reports pages that are server-generated directory indexes (`Index of /`, `Directory listing for`).",
        why: "Listings expose files nobody linked to: backups, uploads, configuration.",
        example: "GET /files/ -> <title>Index of /files</title>",
        useInstead: "GET /files/ -> 403 or 404",
        remediation: "Turn off auto-indexing (nginx `autoindex off`, Apache `Options -Indexes`) and serve only intended files.",
        references: ["https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information"])

    static let gitExposed = ProbeRule(
        id: "PROBE-GIT-EXPOSED", name: "git-repository-exposed", summary: "Git repository served (/.git/HEAD)",
        severity: .high, confidence: .high, owasp: .a05, cwe: 527,
        what: "Requests `/.git/HEAD` and reports a real HEAD file (`ref: refs/...` or a commit id).",
        why: "The whole repository, history and committed secrets included, can be downloaded object by object.",
        example: "GET /.git/HEAD -> 200 'ref: refs/heads/main'",
        useInstead: "GET /.git/HEAD -> 404",
        remediation: "Deploy without the .git folder and deny dot-files in the web server.",
        references: ["https://owasp.org/www-project-web-security-testing-guide/"])

    static let envExposed = ProbeRule(
        id: "PROBE-ENV-EXPOSED", name: "env-file-exposed", summary: "Environment file served (/.env)",
        severity: .critical, confidence: .high, owasp: .a01, cwe: 538,
        what: "Requests `/.env` and reports a response that looks like `KEY=value` lines. Values are never printed.",
        why: ".env files hold SECRET_KEY, database passwords and API keys.",
        example: "GET /.env -> 200 'SECRET_KEY=...'",
        useInstead: "GET /.env -> 404",
        remediation: "Remove the file from the served folder, deny dot-files in the web server, and rotate every secret it held.",
        references: ["https://cwe.mitre.org/data/definitions/200.html"])

    static let backupFile = ProbeRule(
        id: "PROBE-BACKUP-FILE", name: "backup-file-exposed", summary: "Backup or database file served",
        severity: .high, confidence: .medium, owasp: .a05, cwe: 530,
        what: "Requests a few well-known backup paths (`/backup.zip`, `/backup.sql`, `/db.sqlite3`, `/app.py.bak`, ...) and reports ones that exist and differ from the site's not-found answer.",
        why: "Backups hold source code, data and credentials, all downloadable by anyone.",
        example: "GET /backup.sql -> 200 application/octet-stream",
        useInstead: "GET /backup.sql -> 404",
        remediation: "Keep backups out of the web root and deny such extensions in the web server.",
        references: ["https://owasp.org/www-project-web-security-testing-guide/latest/4-Web_Application_Security_Testing/02-Configuration_and_Deployment_Management_Testing/04-Review_Old_Backup_and_Unreferenced_Files_for_Sensitive_Information"])

    // MARK: Transport

    static let noHTTPSRedirect = ProbeRule(
        id: "PROBE-NO-HTTPS-REDIRECT", name: "http-not-redirected-to-https", summary: "Plain HTTP does not redirect to HTTPS",
        severity: .medium, confidence: .high, owasp: .a02, cwe: 319,
        what: "When the site is probed over HTTP and `--https-url` names its HTTPS address, reports an HTTP start page that answers without redirecting to https.",
        why: "Users who type the address or follow old links stay on plain HTTP, where pages and cookies can be read and changed.",
        example: "GET http://shop.example/ -> 200 OK",
        useInstead: "GET http://shop.example/ -> 301 Location: https://shop.example/",
        remediation: "Redirect every plain-HTTP request to HTTPS (301/308) and send HSTS on HTTPS.",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Transport_Layer_Security_Cheat_Sheet.html"])

    static let traceEnabled = ProbeRule(
        id: "PROBE-TRACE-ENABLED", name: "http-trace-enabled", summary: "HTTP TRACE method enabled",
        severity: .low, confidence: .high, owasp: .a05, cwe: 693,
        what: "Sends one `TRACE` request with a marker header and reports when the response echoes it.",
        why: "TRACE echoes request headers (cookies, Authorization) back; with other bugs it enables cross-site tracing and shows what proxies add.",
        example: "TRACE / -> 200 message/http (request echoed)",
        useInstead: "TRACE / -> 405 Method Not Allowed",
        remediation: "Disable TRACE in the web server or app (reject it with 405).",
        references: ["https://owasp.org/www-community/attacks/Cross_Site_Tracing"])

    // MARK: Forms and active checks

    static let formNoCSRF = ProbeRule(
        id: "PROBE-FORM-NO-CSRF", name: "post-form-without-csrf-token", summary: "POST form without a CSRF token",
        severity: .medium, confidence: .medium, owasp: .a01, cwe: 352,
        what: "Reports POST forms with no hidden field that looks like an anti-CSRF token (a name such as csrf_token, csrfmiddlewaretoken, authenticity_token with a random value).",
        why: "Any site the user visits can submit the form with the user's cookies: change the email, the password, place orders.",
        example: "<form method=post action=/transfer><input name=amount></form>",
        useInstead: "<form method=post action=/transfer>{{ form.csrf_token }}<input name=amount></form>",
        remediation: "Protect state-changing forms with CSRF tokens (Flask-WTF CSRFProtect, Django's {% csrf_token %}) and SameSite cookies.",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html"])

    static let loginNoRateLimit = ProbeRule(
        id: "PROBE-LOGIN-NO-RATE-LIMIT", name: "login-without-rate-limit", summary: "Login accepts repeated failed attempts (no rate limiting)",
        severity: .medium, confidence: .medium, owasp: .a07, cwe: 307,
        what: "With `--active --login-url`, submits the login form there with random credentials a bounded number of times (at most 20) and reports when no attempt is refused (429, 423, 503, Retry-After, or a 'too many attempts' message).",
        why: "Without throttling, passwords can be guessed or stuffed from leaked lists at full speed.",
        example: "POST /login x20 -> 200 'Invalid credentials' every time",
        useInstead: "POST /login (6th failure) -> 429 Too Many Requests, Retry-After: 60",
        remediation: "Rate-limit failed logins per account and per client (Flask-Limiter: `@limiter.limit('5/minute')`), with back-off or lockout.",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html#protect-against-automated-attacks"])

    static let openRedirect = ProbeRule(
        id: "PROBE-OPEN-REDIRECT", name: "open-redirect", summary: "Open redirect through a URL parameter",
        severity: .medium, confidence: .high, owasp: .a01, cwe: 601,
        what: "With `--active`, sets redirect-like parameters (`next`, `url`, `redirect`, `return_to`, `continue`, `dest`, ...) found on the site to `https://taintline.invalid/` and reports when the `Location` header points there.",
        why: "Phishing links on the trusted domain forward victims to the attacker; with OAuth flows it can leak tokens.",
        example: "GET /login?next=https://evil.example/ -> 302 Location: https://evil.example/",
        useInstead: "GET /login?next=https://evil.example/ -> 302 Location: /",
        remediation: "Redirect only to relative paths or an allow-list of hosts (check with `urllib.parse.urlsplit(target).netloc == ''`, and reject `//` and backslashes).",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html"])

    /// Every probe rule, in catalog order.
    static let all: [ProbeRule] = [
        cspMissing, cspUnsafeInline, cspUnsafeEval, cspWildcard, cspMissingDirective,
        hstsMissing, hstsWeak, contentTypeOptions, clickjacking, referrerPolicy, permissionsPolicy, cacheControl, serverVersion, poweredBy,
        cookieNoSecure, cookieNoHttpOnly, cookieNoSameSite, cookieLongExpiry, cookieOverHTTP,
        corsReflected, corsNull, corsWildcardCredentials,
        werkzeugDebugger, djangoDebug, stackTrace, directoryListing, gitExposed, envExposed, backupFile,
        noHTTPSRedirect, traceEnabled,
        formNoCSRF, loginNoRateLimit, openRedirect,
    ]
}

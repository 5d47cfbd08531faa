import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Passwords, tokens, keys, card numbers and whole request bodies written to logs.
enum SensitiveDataLogged {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-LOG-SECRET", name: "sensitive-data-in-log",
        summary: "Password, token, key or request body written to a log",
        severity: .medium, confidence: .high, owasp: .a09, cwe: 532,
        what: "Finds `logging.debug/info/warning/error/exception/critical/log`, methods of a logger (`logging.getLogger(...)`, `app.logger`, `self.logger`, structlog/loguru) and `print` whose arguments are or contain (through f-strings, `%`, `+`, `.format`, `str()`, `json.dumps`) a password, token, secret, API key, private key, credit card number or CVV (by the name of the variable, attribute, dict key or form field), the `Authorization`/`Cookie` header, or a whole `request.form`, `request.get_json()`, `request.json`, `request.data`, `request.headers`, `request.cookies`, Django `request.POST`/`request.body`. Keyword arguments named like secrets (structlog's `log.info(\"login\", password=pw)`), dict entries (`{\"password\": pw}`) and a local assigned one step earlier (`payload = request.get_json()`) count too. A bare `token`, `secret`, `credentials` or `cookie` counts only in files that import a web or authentication library. A constant (the word `\"password\"`), a masked or derived value (`mask(token)`, `token[:4]`, `len(password)`, `hash_token(t)`), names about a secret (`token_type`, `password_reset_url`, `tokenizer`) and test files are not reported.",
        why: "Logs are copied to files, aggregators, backups and third-party services, kept for months and read by many people; a password or session token in a log line is a credential leak that outlives any rotation of the database.",
        example: "logger.info(\"login attempt %s / %s\", username, password)\napp.logger.debug(f\"payload: {request.get_json()}\")",
        useInstead: "logger.info(\"login attempt for %s\", username)\napp.logger.debug(\"payload keys: %s\", sorted(request.get_json().keys()))",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Logging_Cheat_Sheet.html#data-to-exclude",
                     "https://owasp.org/Top10/A09_2021-Security_Logging_and_Monitoring_Failures/"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import logging
        from flask import Flask, request
        app = Flask(__name__)
        logger = logging.getLogger(__name__)
        @app.route("/login", methods=["POST"])
        def login():
            password = request.form["password"]
            logger.info("login attempt %s / %s", request.form["username"], password)  # error: TL-WEB-LOG-SECRET
            logging.debug(f"auth header: {request.headers['Authorization']}")  # error: TL-WEB-LOG-SECRET
            app.logger.warning("bad payload: " + str(request.get_json()))  # error: TL-WEB-LOG-SECRET
            logger.error("form was %s", request.form)  # error: TL-WEB-LOG-SECRET
            api_key = issue_key()
            print("new api key {}".format(api_key))  # error: TL-WEB-LOG-SECRET
            payload = request.get_json()
            logger.debug("payload %s", payload)  # error: TL-WEB-LOG-SECRET
            login = request.headers["Authorization"]
            login += "!"
            logger.debug("login %s", login)  # error: TL-WEB-LOG-SECRET
            logger.info("%(user)s %(pw)s", {"user": "u", "password": password})  # error: TL-WEB-LOG-SECRET
            return "ok"
        def issue_key():
            return ""
        class Client:
            def __init__(self, token):
                self.logger = logging.getLogger("client")
                self.logger.debug("using token %s", self.token)  # error: TL-WEB-LOG-SECRET
                self.logger.info("card", card_number=self.card)  # error: TL-WEB-LOG-SECRET
        """),
        RuleExample("""
        import logging
        from flask import request
        logger = logging.getLogger(__name__)
        def mask(value):
            return value[:2] + "…"
        def login(user, token, password, tokenizer, password_reset_url):
            logger.info("password changed for %s", user.name)
            logger.info("token %s…", token[:4])
            logger.info("token %s", mask(token))
            logger.info("password length %d", len(password))
            logger.info("token type %s", user.token_type)
            logger.debug("tokenizer %s", tokenizer)
            logger.info("reset link sent: %s", password_reset_url)
            logger.info("form keys: %s", list(request.form.keys()))
            logger.info("user agent %s", request.headers.get("User-Agent"))
            agent = request.headers.get("User-Agent")
            logger.info("agent %s", agent)
            data = "no body"
            if user.name:
                data = request.get_json()
            logger.info("data %s", data)
            logger.info("%(user)s", {"user": user.name, "password_field": "pw"})
            print("Enter your password:")
            class Log:
                def info(self, *args):
                    return args
            Log().info(password)
        """),
        RuleExample("""
        import logging
        logger = logging.getLogger("lexer")
        def lex(token, credentials_file, next_token):
            logger.debug("token %s then %s", token, next_token)
            print(token)
            logger.info("reading credentials from %s", credentials_file)
        """),
        RuleExample("""
        def test_login(client, password):
            print(password)
        """, path: "tests/test_login.py"),
        // A token's decoded claims are not the credential.
        RuleExample("""
        import logging
        from flask import Flask
        app = Flask(__name__)
        log = logging.getLogger(__name__)

        @app.route("/callback")
        def callback(id_token_claims, id_token):
            log.warning(f"claim keys: {sorted(id_token_claims.keys())}")
            id_token_claims_keys = list(id_token_claims)
            log.info("keys %s", id_token_claims_keys)
            log.info("token %s", id_token)  # error: TL-WEB-LOG-SECRET
            return "ok"
        """),
    ], check: { check($0, $1) })

    /// The log call's name as findings give it (`log.info`, `logging.warning`, `print`), when
    /// the call writes a log record or prints (`SinkCatalog`'s `.log` rows).
    static func logCall(_ call: CallInfo, _ context: RuleContext) -> String? {
        guard let sink = context.sinks(call, .log).first else { return nil }
        return sink.model.role == "print" ? "print" : context.sinkName(sink)
    }

    static let strongWords: Set<String> = ["password", "passwd", "pwd", "passphrase", "apikey", "authorization", "cvv", "cvc", "ssn",
                                           "creditcard", "cardnumber", "otp", "passcode", "privatekey", "secretkey"]
    /// `token`, `secret` and `credentials` are lexer tokens, pagination markers and credential
    /// *names* in much non-web code: they count only in files that import a web or auth library.
    static let weakWords: Set<String> = ["token", "secret", "credentials", "cookie"]
    static let keyQualifiers: Set<String> = ["api", "secret", "access", "signing", "auth", "private", "hmac", "encryption", "client"]
    static let tokenQualifiers: Set<String> = ["reset", "auth", "access", "refresh", "session", "api", "bearer", "id", "jwt", "oauth",
                                               "csrf", "xsrf", "verification", "activation", "confirm", "magic", "login", "client",
                                               "webhook", "bot", "personal", "remember", "shared"]
    static let cardQualifiers: Set<String> = ["credit", "card", "cc"]
    static let notSecret: Set<String> = ["reset", "tokenizer", "type", "count", "url", "name", "expiry", "expires", "length", "len",
                                         "field", "label", "prompt", "id", "hint", "policy", "strength", "changed", "required",
                                         "ignored", "acquire", "provider", "file"]

    /// Does an identifier name a secret value (not something about one)? `webCode`: the file
    /// imports a web or authentication library.
    static func namesSecret(_ identifier: String, webCode: Bool) -> Bool {
        let words = WebAuthSupport.words(identifier)
        guard let last = words.last else { return false }
        if WebAuthSupport.aboutWords.contains(last) { return false }
        // A token's claims (`id_token_claims`, `id_token_claims_keys`) are what it says, decoded:
        // who the user is, not the credential that proves it.
        if words.contains("claims") { return false }
        var previous = ""
        var weak = false
        for word in words {
            if strongWords.contains(word) || word.contains("password") { return !words.contains { notSecret.contains($0) } }
            if word == "key" && keyQualifiers.contains(previous) { return true }
            if word == "token" || word == "secret", tokenQualifiers.contains(previous) { return true }
            if (word == "number" || word == "num" || word == "no") && cardQualifiers.contains(previous) { return true }
            if weakWords.contains(word) { weak = true }
            previous = word
        }
        return weak && webCode && !words.contains { notSecret.contains($0) }
    }

    /// Request attributes that hold the whole body, form or headers.
    static let wholeRequest: Set<String> = ["form", "json", "data", "values", "headers", "cookies", "POST", "body", "META", "files"]

    /// What sensitive thing a logged leaf is, or nil.
    static func sensitive(_ leaf: ExprID, _ context: RuleContext, webCode: Bool, depth: Int = 0) -> String? {
        let tree = context.tree
        switch tree[leaf].kind {
        case .dict(let keys, let values):
            // `logger.info("%(user)s %(password)s", {"user": u, "password": p})`
            for (index, key) in keys.enumerated() where index < values.count {
                guard let key, let name = context.string(key), namesSecret(name, webCode: webCode) else { continue }
                var parts: [ExprID] = []
                WebAuthSupport.leaves(of: values[index], context, into: &parts)
                if !parts.isEmpty { return "the `\(WebAuthSupport.shortened(name))` entry" }
            }
            return nil
        case .attribute(let base, let attr, _) where wholeRequest.contains(attr) && WebAuthSupport.isRequestObject(base, context):
            return "the whole `request.\(attr)`"
        case .call(let function, _, _):
            if case .attribute(let base, let method, _) = tree[function].kind, method == "get_json" || method == "get_data",
               WebAuthSupport.isRequestObject(base, context) {
                return "the whole request body (`request.\(method)()`)"
            }
        case .name:
            // Modules, functions and classes (`print(secrets)`) are not values.
            if context.qualifiedName(leaf) != nil,
               context.model.reachingBindings(of: leaf).contains(where: { binding in
                   switch context.model[binding].kind {
                   case .imported, .function, .class: return true
                   default: return false
                   }
               }) { return nil }
        default:
            break
        }
        if let name = WebAuthSupport.valueName(leaf, context), namesSecret(name, webCode: webCode) {
            return "`\(WebAuthSupport.shortened(name))`"
        }
        // `payload = request.get_json()` then `logger.info("%s", payload)`: one local step, and
        // only when every assignment that may reach the log call is sensitive (a variable that
        // holds credentials in one branch and an error message in another is not reported).
        guard depth == 0, case .name(let id, _) = tree[leaf].kind else { return nil }
        var pending = context.model.reachingBindings(of: leaf)
        guard !pending.isEmpty else { return nil }
        var seen: Set<BindingID> = []
        var first: String?
        while let binding = pending.popLast() {
            guard seen.insert(binding).inserted, seen.count < 32 else { continue }
            // `x += suffix` keeps what `x` held before: look at those bindings instead.
            if case .augmentedAssignment = context.model[binding].kind {
                guard let target = context.model[binding].target else { return nil }
                pending += context.model.reachingBindings(of: target)
                continue
            }
            guard case .assignment(let value?) = context.model[binding].kind else { return nil }
            var parts: [ExprID] = []
            WebAuthSupport.leaves(of: value, context, into: &parts)
            guard let found = parts.lazy.compactMap({ sensitive($0, context, webCode: webCode, depth: 1) }).first else { return nil }
            if first == nil { first = found }
        }
        return first.map { "`\(id)` (which holds \($0))" }
    }

    /// What sensitive value the call's arguments carry, or nil.
    static func sensitiveArgument(_ call: CallInfo, _ context: RuleContext, webCode: Bool) -> String? {
        for arg in call.args {
            var parts: [ExprID] = []
            WebAuthSupport.leaves(of: arg, context, into: &parts)
            if let found = parts.lazy.compactMap({ sensitive($0, context, webCode: webCode) }).first { return found }
        }
        for keyword in call.keywords {
            guard let arg = keyword.arg, !["exc_info", "stack_info", "stacklevel", "sep", "end", "file", "flush"].contains(arg) else { continue }
            if arg == "extra" {
                if case .dict(let keys, _) = context.tree[keyword.value].kind,
                   let key = keys.lazy.compactMap({ $0.flatMap { context.string($0) } }).first(where: { namesSecret($0, webCode: webCode) }) {
                    return "`\(key)` in `extra`"
                }
                continue
            }
            var parts: [ExprID] = []
            WebAuthSupport.leaves(of: keyword.value, context, into: &parts)
            if namesSecret(arg, webCode: webCode), !parts.isEmpty { return "`\(arg)=`" }
            if let found = parts.lazy.compactMap({ sensitive($0, context, webCode: webCode) }).first { return found }
        }
        return nil
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard !context.isTestFile, let call = context.call(node), let callee = logCall(call, context) else { return [] }
        // Strong names first; weak ones (`token`) only if the file is web code, which is
        // looked up only then (it scans the file's imports).
        var found = sensitiveArgument(call, context, webCode: false)
        if found == nil, let weak = sensitiveArgument(call, context, webCode: true), WebAuthSupport.isWebModule(context) { found = weak }
        guard let what = found else { return [] }
        let isPrint = callee == "print"
        return [context.finding(descriptor, at: call.id,
                                description: "`\(callee)` writes \(what) to \(isPrint ? "standard output (often collected as logs)" : "the log").",
                                remediation: "Log that the event happened and who it concerns, not the secret: drop the value, or log a masked form (`token[:4] + \"…\"`) or a keyed hash. For request bodies, log selected non-sensitive fields.",
                                fix: nil,
                                severity: what.contains("the whole") ? .medium : .high,
                                confidence: isPrint ? .medium : .high)]
    }
}

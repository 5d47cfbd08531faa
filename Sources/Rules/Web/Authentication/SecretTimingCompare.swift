import Dataflow
import Findings
import PythonSyntax

/// Tokens, signatures and MACs compared with `==`/`!=` instead of a constant-time compare.
enum SecretTimingCompare {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-TIMING-COMPARE", name: "secret-compared-non-constant-time",
        summary: "Token, signature or MAC compared with == instead of hmac.compare_digest",
        severity: .medium, confidence: .medium, owasp: .a02, cwe: 208,
        what: "Finds `==` and `!=` comparisons where one side is a secret a client must not be able to guess byte by byte, and the other side is not a constant (`None`, `\"\"`, a number, a module constant), `len(...)`, `type(...)` or a plain `hashlib` digest. Always a secret: an `hmac.new(...).hexdigest()`/`hmac.digest(...)` value, and names, attributes, dict keys or request headers with `csrf`, `hmac`, `mac`, `otp`, `api_key`/`secret_key`/`access_key`, `password_hash`, or `token`/`secret` after `reset`, `auth`, `access`, `refresh`, `session`, `api`, `bearer`, `verification`, ... A bare `token`, `secret`, `signature`/`sig`, `digest` or `nonce` counts only next to a request value (`request.headers[\"X-Hub-Signature-256\"]`, `request.form.get(...)`), an HMAC, or another secret-named value in a file that imports a web or auth library: a lexer's `token == next_token` stays quiet. Names about a token (`token_count`, `token_type`, `tokenizer`, `password_reset_url`) and test files are not reported; nor are names whose last word is not the secret (`reset_token.user`, `api_key.owner`), `==` on a model column inside an ORM query (`filter(User.api_key == key)`: SQL, compared by the database), or the logged-in user's own value in a view that requires a login. A finding from names alone says so, at low confidence.",
        why: "`==` on strings stops at the first differing byte, so its running time tells an attacker how many leading characters of a guess are right; over many requests a signature, reset token or API key can be recovered one character at a time.",
        example: "if request.headers[\"X-Signature\"] == hmac.new(key, body, \"sha256\").hexdigest():\n    process(body)",
        useInstead: "expected = hmac.new(key, body, \"sha256\").hexdigest()\nif hmac.compare_digest(request.headers.get(\"X-Signature\", \"\"), expected):\n    process(body)",
        references: ["https://docs.python.org/3/library/hmac.html#hmac.compare_digest",
                     "https://docs.python.org/3/library/secrets.html#secrets.compare_digest",
                     "https://codahale.com/a-lesson-in-timing-attacks/"])

    static let rule = Rule(descriptor, on: [.compare], examples: [
        RuleExample("""
        import hmac
        from flask import abort, request
        def webhook(key, body, expected_sig):
            if request.headers["X-Hub-Signature-256"] == expected_sig:  # error: TL-WEB-TIMING-COMPARE
                return True
            if hmac.new(key, body, "sha256").hexdigest() != request.headers.get("X-Sig"):  # error: TL-WEB-TIMING-COMPARE
                abort(403)
            return False
        def reset(user, token):
            if token == user.reset_token:  # error: TL-WEB-TIMING-COMPARE
                return True
            if request.form.get("csrf_token") != session_value():  # error: TL-WEB-TIMING-COMPARE
                abort(400)
            return user.api_key == request.args["key"]  # error: TL-WEB-TIMING-COMPARE
        def session_value():
            return ""
        """),
        RuleExample("""
        import hmac
        MAX_TOKENS = 100
        def checks(token, user, other, tokenizer, token_count, password_reset_url, digest):
            if token is None or token == "":
                return False
            if token_count == 3 or token_count == MAX_TOKENS:
                return False
            if password_reset_url == other:
                return False
            if tokenizer == other.tokenizer:
                return False
            if len(token) != 32 or type(token) == str:
                return False
            if user.token_type == "bearer":
                return False
            if digest == None:
                return False
            if user.private_key == PASSWORD_MASK or config["SECRET_KEY"] == defaults.CHANGE_ME_SECRET_KEY:
                return False
            if token == other.token or token.signature == user.signature:
                return False
            return hmac.compare_digest(token, user.reset_token)
        """),
        RuleExample("""
        import hashlib
        from flask import request
        def upload(data, expected_digest, home_url):
            if hashlib.sha256(data).hexdigest() != expected_digest:
                return False
            return request.form.get("next_token_url") == home_url
        """),
        RuleExample("""
        def test_reset(client, user):
            token = client.get("/reset").json["token"]
            assert token == user.reset_token
        """, path: "tests/test_reset.py"),
        RuleExample("""
        from django.middleware.csrf import REASON_NO_CSRF_COOKIE
        from django.views import View

        class PasswordResetConfirm(View):
            reset_url_token = "set-password"

            def dispatch(self, request, token):
                if token == self.reset_url_token:
                    return None
                return reason_page(request.GET["reason"] == REASON_NO_CSRF_COOKIE)

        class Authorization:
            def __eq__(self, other):
                return other.csrf_token == self.csrf_token
        """),
        // Not a timing oracle: SQL built by the ORM (the comparison runs in the database), a
        // check of the logged-in user's own value, and objects or names related to a secret.
        RuleExample("""
        from django.contrib.auth.decorators import login_required
        from django.db.models import Q
        from sqlalchemy import and_, select
        from flask import request
        from .models import ApiKey, User, Token, Authenticator
        from . import ub

        def lookup(session, key, token):
            user = session.query(User).filter(User.api_key == key).first()
            stmt = select(ApiKey).where(and_(ApiKey.secret_token == token, ApiKey.active == True))
            rows = ApiKey.objects.filter(Q(token=token) | Q(user__api_key=key))
            return user, stmt, rows

        @login_required
        def confirm_email(request, code):
            if request.user.profile.verification_token != request.POST["code"]:
                return None
            return code

        def kinds(token, auth, session, key):
            if token.type == Token.Type.REFRESH_TOKEN or auth.type != Authenticator.Type.TOTP:
                return None
            return ub.session.query(ub.RemoteAuthToken).filter(ub.RemoteAuthToken.auth_token == key).first()

        def owner_matches(reset_token, user, api_key, name):
            if reset_token.user == user or api_key.owner != user:
                return False
            if reset_token_user == request.user or api_key.name == name:
                return False
            return True
        """),
        RuleExample("""
        from flask import request
        from .models import ApiKey

        def by_header(session, key):
            # A Python comparison next to a query is still one.
            stored = session.query(ApiKey).filter(ApiKey.id == key.id).first()
            return stored.secret_token == request.headers["X-Token"]  # error: TL-WEB-TIMING-COMPARE
        """),
    ], check: { check($0, $1) })

    /// Words that always make a value a secret to compare in constant time.
    static let strongWords: Set<String> = ["csrf", "xsrf", "hmac", "mac", "apikey", "otp", "totp", "hotp", "passcode"]
    /// Words that name a secret only sometimes (a lexer `token`, `inspect.signature`, a file
    /// `digest`): reported only next to a request value, an HMAC or another secret in web code.
    static let weakWords: Set<String> = ["token", "secret", "signature", "sig", "digest", "nonce"]
    /// Words that can close a secret's name without changing what it is (`csrf_token_value`).
    static let formWords: Set<String> = ["value", "str", "string", "bytes", "hex", "b64", "base64", "raw", "encoded", "decoded", "hash", "hashed",
                                         "digest", "sha256", "sha1", "sha512", "md5", "code", "header", "param", "cookie", "input", "provided",
                                         "expected", "given", "received", "sent", "actual", "stored", "candidate", "guess"]
    /// The last word of a secret's name (after `formWords`).
    static let secretNouns: Set<String> = ["token", "secret", "signature", "sig", "digest", "nonce", "csrf", "xsrf", "hmac", "mac", "apikey", "otp",
                                           "totp", "hotp", "passcode", "password", "pw", "pwd", "passwd", "key", "csrftoken", "xsrftoken"]
    static let keyQualifiers: Set<String> = ["api", "secret", "access", "signing", "auth", "private", "hmac", "webhook", "client"]
    static let tokenQualifiers: Set<String> = ["reset", "auth", "access", "refresh", "session", "api", "bearer", "verification", "verify",
                                               "activation", "confirm", "confirmation", "invite", "invitation", "unsubscribe", "magic",
                                               "login", "remember", "csrf", "xsrf", "jwt", "oauth", "secret", "webhook", "shared", "client"]

    enum Strength: Int, Comparable {
        case weak = 1, strong = 2
        static func < (a: Strength, b: Strength) -> Bool { a.rawValue < b.rawValue }
    }

    /// How strongly an identifier or header name says "secret" (nil: not a secret, or about one).
    static func secretStrength(_ identifier: String) -> Strength? {
        let words = WebAuthSupport.words(identifier)
        guard let last = words.last else { return nil }
        if WebAuthSupport.aboutWords.contains(last) { return nil }
        // `REASON_NO_CSRF_COOKIE`, `MESSAGE_BAD_TOKEN`: text about a secret, not the secret.
        if let first = words.first, ["reason", "message", "msg", "error", "err", "warning", "label", "help"].contains(first) { return nil }
        if words.contains("address") || words.contains("addr") || words.contains("tokenizer") { return nil }
        // The thing compared is the last word: `reset_token_user` is a user, `token_owner` a
        // person; `token_hash`, `signature_256`, `api_key_bytes` are still the secret.
        func isNoun(_ i: Int) -> Bool {
            secretNouns.contains(words[i]) && (words[i] != "key" || (i > 0 && keyQualifiers.contains(words[i - 1])))
        }
        var index = words.count - 1
        while index >= 0, !isNoun(index) {
            guard formWords.contains(words[index]) || words[index].allSatisfy(\.isNumber) else { return nil }
            index -= 1
        }
        guard index >= 0 else { return nil }
        var result: Strength?
        var previous = ""
        for word in words {
            if strongWords.contains(word) { return .strong }
            if word == "key" && keyQualifiers.contains(previous) { return .strong }
            if (word == "hash" || word == "hashed") && ["password", "pw", "pwd", "passwd"].contains(previous) { return .strong }
            if (previous == "hash" || previous == "hashed") && ["password", "pw", "pwd", "passwd"].contains(word) { return .strong }
            if word == "token" || word == "secret", tokenQualifiers.contains(previous) { return .strong }
            if weakWords.contains(word) { result = .weak }
            previous = word
        }
        return result
    }

    static func namesSecret(_ identifier: String) -> Bool { secretStrength(identifier) != nil }

    /// Why a side of the comparison is secret, or nil.
    static func secretSide(_ expr: ExprID, _ context: RuleContext) -> (String, Strength, hmac: Bool)? {
        if let call = context.call(expr), case .attribute(let receiver, let method, _) = context.tree[call.function].kind,
           method == "hexdigest" || method == "digest", let inner = context.call(receiver), let name = inner.name,
           name == "hmac.new" || name == "hmac.HMAC" || name == "hmac.digest" {
            return ("an HMAC (`\(name)`)", .strong, true)
        }
        if let call = context.call(expr), call.name == "hmac.digest" { return ("an HMAC (`hmac.digest`)", .strong, true) }
        guard let name = WebAuthSupport.valueName(expr, context), let strength = secretStrength(name) else { return nil }
        return ("`\(WebAuthSupport.shortened(name))`", strength, false)
    }

    /// Sides that make the comparison harmless: constants, `None`, lengths and types.
    static func isHarmless(_ expr: ExprID, _ context: RuleContext) -> Bool {
        if context.constant(expr) != nil { return true }
        if isClassConstant(expr, context) { return true }
        if case .constant = context.tree[expr].kind { return true }
        if let call = context.call(expr), let name = call.name,
           ["builtins.len", "builtins.type", "builtins.isinstance", "builtins.bool", "builtins.id", "builtins.hash"].contains(name) { return true }
        if case .attribute(_, let attr, _) = context.tree[expr].kind, attr == "__class__" { return true }
        if isPublicMarker(expr, context) { return true }
        if isEnumMember(expr, context) { return true }
        return false
    }

    /// `Token.Type.REFRESH_TOKEN`, `Authenticator.Type.TOTP`: a member of an enumeration or a
    /// class constant (an upper-case attribute of a capitalised class), a public label whatever
    /// its name says.
    static func isEnumMember(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard case .attribute(var base, let attr, _) = context.tree[expr].kind, attr == attr.uppercased(), attr.contains(where: \.isLetter) else { return false }
        for _ in 0..<4 {
            switch context.tree[base].kind {
            case .name(let id, _): return id.first?.isUppercase == true && id != id.uppercased()
            case .attribute(let inner, let id, _):
                if id.first?.isUppercase == true && id != id.uppercased() { return true }
                base = inner
            default: return false
            }
        }
        return false
    }

    /// `PASSWORD_MASK`, `CHANGE_ME_SECRET_KEY`, `DEFAULT_TOKEN`: a constant (upper-case name,
    /// possibly imported) that names a placeholder, not a secret; comparing with it reveals
    /// nothing.
    static func isPublicMarker(_ expr: ExprID, _ context: RuleContext) -> Bool {
        let name: String
        switch context.tree[expr].kind {
        case .name(let id, _): name = id
        case .attribute(_, let attr, _): name = attr
        default: return false
        }
        guard name == name.uppercased(), name.contains(where: \.isLetter) else { return false }
        return ["MASK", "PLACEHOLDER", "CHANGE_ME", "CHANGEME", "DEFAULT", "DUMMY", "SENTINEL", "MARKER", "EMPTY", "REDACTED", "UNSET", "MISSING"]
            .contains { name.contains($0) }
    }

    /// `self.reset_url_token` where the class body sets `reset_url_token = "set-password"`: a
    /// public constant (a URL marker), whatever its name says.
    static func isClassConstant(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard case .attribute(let receiver, let attr, _) = context.tree[expr].kind, case .name = context.tree[receiver].kind,
              let scope = context.model.scope(of: expr) else { return false }
        let function = context.model.enclosingDefinitionScope(scope)
        guard let receiverBinding = context.model.reachingBindings(of: receiver).first,
              context.model.isMethodReceiver(receiverBinding), let owner = context.model[function].parent else { return false }
        let bindings = context.model.bindings(named: attr, in: owner)
        guard !bindings.isEmpty else { return false }
        return bindings.allSatisfy { binding in
            if case .assignment(let value?) = context.model[binding].kind, case .constant = context.tree[value].kind { return true }
            return false
        }
    }

    /// Inside `__eq__`/`__ne__` a comparison defines object equality; it is not a check of a
    /// secret sent by a client.
    static func isInEqualityMethod(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard let name = context.model.enclosingName(of: expr) else { return false }
        return name.hasSuffix("__eq__") || name.hasSuffix("__ne__")
    }

    /// `hashlib.sha256(data).hexdigest()`: an integrity check of data, or a hash of a secret
    /// (whose prefix an attacker cannot steer); neither leaks the secret through timing.
    static func isPlainHash(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard let call = context.call(expr), case .attribute(let receiver, let method, _) = context.tree[call.function].kind,
              method == "hexdigest" || method == "digest", let inner = context.call(receiver), let name = inner.name else { return false }
        return name.hasPrefix("hashlib.")
    }

    /// ORM methods and SQL builders whose arguments are query expressions, not Python tests.
    static let queryMethods: Set<String> = ["filter", "filter_by", "where", "having", "exclude", "join", "outerjoin", "on", "select", "query",
                                            "get_or_none", "delete", "update", "order_by", "case", "and_", "or_", "not_", "first_or_404",
                                            "one_or_none", "scalar", "exists", "execute"]

    /// `session.query(User).filter(User.api_key == key)`, `select(T).where(T.token == t)`:
    /// `==` on a model's column builds SQL; the database compares, not Python.
    static func isQueryExpression(_ compare: ExprID, _ left: ExprID, _ right: ExprID, _ context: RuleContext) -> Bool {
        guard isModelColumn(left, context) || isModelColumn(right, context) else { return false }
        guard let stmt = context.statement(containing: compare) else { return false }
        let chain = context.path(to: compare, in: stmt)
        for (parent, child) in zip(chain, chain.dropFirst()) {
            guard case .call(let function, let args, let keywords) = context.tree[parent].kind,
                  args.contains(child) || keywords.contains(where: { $0.value == child }) else { continue }
            switch context.tree[function].kind {
            case .attribute(_, let method, _) where queryMethods.contains(method): return true
            case .name(let id, _) where queryMethods.contains(id): return true
            default: continue
            }
        }
        return false
    }

    /// `User.api_key`: an attribute of a class (defined or imported, capitalised, not a constant).
    static func isModelColumn(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard case .attribute(let base, _, _) = context.tree[expr].kind else { return false }
        // `ub.RemoteAuthToken.auth_token`: a class reached through the module that defines it.
        if case .attribute(let module, let id, _) = context.tree[base].kind, id.first?.isUppercase == true, id != id.uppercased(),
           case .name = context.tree[module].kind {
            return context.model.reachingBindings(of: module).contains { binding in
                if case .imported = context.model[binding].kind { return true }
                return false
            }
        }
        guard case .name(let id, _) = context.tree[base].kind, id.first?.isUppercase == true, id != id.uppercased() else { return false }
        return context.model.reachingBindings(of: base).contains { binding in
            switch context.model[binding].kind {
            case .class, .imported: return true
            default: return false
            }
        }
    }

    /// The logged-in user's own value (`request.user.profile.verification_token`,
    /// `current_user.otp_secret`) in a view that requires a login: whoever can make the
    /// comparison already holds that user's session.
    static func isOwnValueAfterLogin(_ compare: ExprID, _ left: ExprID, _ right: ExprID, _ context: RuleContext) -> Bool {
        func ownedByCurrentUser(_ expr: ExprID) -> Bool {
            let text = context.text(expr, limit: 200)
            return text.hasPrefix("request.user.") || text.hasPrefix("self.request.user.") || text.hasPrefix("current_user.") || text.hasPrefix("g.user.")
        }
        guard ownedByCurrentUser(left) || ownedByCurrentUser(right), let scope = context.model.scope(of: compare) else { return false }
        let function = context.model.enclosingDefinitionScope(scope)
        guard case .statement(let def) = context.model[function].node else { return false }
        if WebAuthSupport.loginDecorator(of: def, context) != nil { return true }
        // A class-based view with a login mixin.
        if let owner = context.model[function].parent, context.model[owner].kind == .class, case .statement(let classStmt) = context.model[owner].node,
           case .classDef(let classDef) = context.tree[classStmt].kind {
            return classDef.bases.contains { context.text($0, limit: 80).hasSuffix("LoginRequiredMixin") || context.text($0, limit: 80).hasSuffix("PermissionRequiredMixin") }
        }
        return false
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard !context.isTestFile, case .expression(let id) = node,
              case .compare(let left, let ops, let comparators) = context.tree[id].kind,
              ops.count == 1, ops[0] == .eq || ops[0] == .notEq, let right = comparators.first else { return [] }
        guard !isHarmless(left, context), !isHarmless(right, context), !isInEqualityMethod(id, context),
              !isPlainHash(left, context), !isPlainHash(right, context) else { return [] }
        let sides = (secretSide(left, context), secretSide(right, context))
        let best: (String, Strength, hmac: Bool)
        switch sides {
        case (let l?, let r?): best = l.1 >= r.1 ? l : r
        case (let l?, nil): best = l
        case (nil, let r?): best = r
        case (nil, nil): return []
        }
        if best.1 == .weak {
            // A weak name needs company: a request value, an HMAC, or another secret in web code.
            let fromRequest = WebAuthSupport.isFromRequest(left, context) || WebAuthSupport.isFromRequest(right, context)
            let bothSecret = sides.0 != nil && sides.1 != nil
            guard fromRequest || (bothSecret && WebAuthSupport.isWebModule(context)) else { return [] }
        }
        if isQueryExpression(id, left, right, context) || isOwnValueAfterLogin(id, left, right, context) { return [] }
        let secret = best.0
        let op = ops[0] == .eq ? "==" : "!="
        let a = context.text(left, limit: 40)
        let b = context.text(right, limit: 40)
        let fromRequest = WebAuthSupport.isFromRequest(left, context) || WebAuthSupport.isFromRequest(right, context)
        let description: String
        let confidence: Confidence
        if best.hmac {
            description = "\(secret) is compared with `\(op)`, which returns as soon as a byte differs: a client that can send guesses and time the answers can learn the expected value a byte at a time."
            confidence = fromRequest ? .high : .medium
        } else {
            let other = fromRequest ? "a value from the request" : "`\(WebAuthSupport.shortened(sides.0 != nil ? b : a))`"
            description = "\(secret), named like a secret, is compared with \(other) using `\(op)`, which returns as soon as a byte differs. If it is a secret a client can guess repeatedly (a token, a signature, an API key), the response time can reveal how much of a guess is right. Taintline judged this from the name: it could not tell whether the value is secret, or whether a client can time the comparison."
            confidence = fromRequest ? .medium : .low
        }
        return [context.finding(descriptor, at: id,
                                description: description,
                                remediation: "Compare secrets with `hmac.compare_digest(a, b)` (or `secrets.compare_digest`); both sides must be `str` (ASCII) or both `bytes`.",
                                fix: ops[0] == .eq ? "hmac.compare_digest(\(a), \(b))" : "not hmac.compare_digest(\(a), \(b))",
                                confidence: confidence)]
    }
}

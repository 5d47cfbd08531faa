import Findings
import PythonSyntax

/// Tokens, signatures and MACs compared with `==`/`!=` instead of a constant-time compare.
enum SecretTimingCompare {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-TIMING-COMPARE", name: "secret-compared-non-constant-time",
        summary: "Token, signature or MAC compared with == instead of hmac.compare_digest",
        severity: .medium, confidence: .medium, owasp: .a02, cwe: 208,
        what: "Finds `==` and `!=` comparisons where one side is a secret a client must not be able to guess byte by byte: a name, attribute, dict key or request header like `token`, `reset_token`, `secret`, `signature`/`sig`, `digest`, `hmac`/`mac`, `csrf_token`, `api_key`, `password_hash`, `otp`, or an `hmac.new(...).hexdigest()` value, and the other side is not a constant (`None`, `\"\"`, a number, a module constant), `len(...)` or `type(...)`. Names that are about a token (`token_count`, `token_type`, `tokenizer`, `password_reset_url`) and test files are not reported.",
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
            return hmac.compare_digest(token, user.reset_token)
        """),
        RuleExample("""
        def test_reset(client, user):
            token = client.get("/reset").json["token"]
            assert token == user.reset_token
        """, path: "tests/test_reset.py"),
    ], check: { check($0, $1) })

    /// Words that make a value a secret to compare in constant time.
    static let secretWords: Set<String> = ["token", "secret", "signature", "sig", "digest", "hmac", "mac", "csrf", "xsrf", "apikey",
                                           "otp", "totp", "nonce"]
    static let keyQualifiers: Set<String> = ["api", "secret", "access", "signing", "auth", "private", "hmac", "webhook", "client"]

    /// Does an identifier or header name a secret (not something about one)?
    static func namesSecret(_ identifier: String) -> Bool {
        let words = WebAuthSupport.words(identifier)
        guard let last = words.last else { return false }
        if WebAuthSupport.aboutWords.contains(last) { return false }
        if words.contains("address") || words.contains("addr") || words.contains("tokenizer") { return false }
        var previous = ""
        for word in words {
            if secretWords.contains(word) { return true }
            if word == "key" && keyQualifiers.contains(previous) { return true }
            if (word == "hash" || word == "hashed") && ["password", "pw", "pwd", "passwd"].contains(previous) { return true }
            if (previous == "hash" || previous == "hashed") && ["password", "pw", "pwd", "passwd"].contains(word) { return true }
            previous = word
        }
        return false
    }

    /// Why a side of the comparison is secret, or nil.
    static func secretSide(_ expr: ExprID, _ context: RuleContext) -> String? {
        if let call = context.call(expr), case .attribute(let receiver, let method, _) = context.tree[call.function].kind,
           method == "hexdigest" || method == "digest", let inner = context.call(receiver), let name = inner.name,
           name == "hmac.new" || name == "hmac.HMAC" || name == "hmac.digest" {
            return "an HMAC (`\(name)`)"
        }
        if let call = context.call(expr), call.name == "hmac.digest" { return "an HMAC (`hmac.digest`)" }
        guard let name = WebAuthSupport.valueName(expr, context), namesSecret(name) else { return nil }
        return "`\(WebAuthSupport.shortened(name))`"
    }

    /// Sides that make the comparison harmless: constants, `None`, lengths and types.
    static func isHarmless(_ expr: ExprID, _ context: RuleContext) -> Bool {
        if context.constant(expr) != nil { return true }
        if case .constant = context.tree[expr].kind { return true }
        if let call = context.call(expr), let name = call.name,
           ["builtins.len", "builtins.type", "builtins.isinstance", "builtins.bool", "builtins.id", "builtins.hash"].contains(name) { return true }
        if case .attribute(_, let attr, _) = context.tree[expr].kind, attr == "__class__" { return true }
        return false
    }

    /// `hashlib.sha256(data).hexdigest()`: an integrity check of data, or a hash of a secret
    /// (whose prefix an attacker cannot steer); neither leaks the secret through timing.
    static func isPlainHash(_ expr: ExprID, _ context: RuleContext) -> Bool {
        guard let call = context.call(expr), case .attribute(let receiver, let method, _) = context.tree[call.function].kind,
              method == "hexdigest" || method == "digest", let inner = context.call(receiver), let name = inner.name else { return false }
        return name.hasPrefix("hashlib.")
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard !context.isTestFile, case .expression(let id) = node,
              case .compare(let left, let ops, let comparators) = context.tree[id].kind,
              ops.count == 1, ops[0] == .eq || ops[0] == .notEq, let right = comparators.first else { return [] }
        guard !isHarmless(left, context), !isHarmless(right, context),
              !isPlainHash(left, context), !isPlainHash(right, context) else { return [] }
        guard let secret = secretSide(left, context) ?? secretSide(right, context) else { return [] }
        let op = ops[0] == .eq ? "==" : "!="
        let a = context.text(left, limit: 40)
        let b = context.text(right, limit: 40)
        return [context.finding(descriptor, at: id,
                                description: "\(secret) is compared with `\(op)`, which returns as soon as a byte differs: the response time reveals how much of a guess is right.",
                                remediation: "Compare secrets with `hmac.compare_digest(a, b)` (or `secrets.compare_digest`); both sides must be `str` (ASCII) or both `bytes`.",
                                fix: ops[0] == .eq ? "hmac.compare_digest(\(a), \(b))" : "not hmac.compare_digest(\(a), \(b))")]
    }
}

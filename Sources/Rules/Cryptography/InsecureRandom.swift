import Dataflow
import Findings
import PythonSyntax

/// B311: the `random` module used for secrets.
enum InsecureRandom {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B311", name: "insecure-random-for-secret", summary: "random module used for a token, key or password",
        severity: .medium, confidence: .medium, owasp: .a02, cwe: 330, bandit: "B311", ruff: "S311",
        what: "Finds `random.random`, `randint`, `choice`, `choices`, `sample`, `getrandbits`, ... (not `random.SystemRandom`) only where the value becomes a secret: assigned to a name like `token`, `secret`, `password`, `key`, `nonce`, `salt`, `otp`, `session_id`, `csrf`, passed as such a keyword, or returned from a function named like one. Shuffling test data or picking a colour is not reported (bandit reports every call).",
        why: "`random` is a Mersenne Twister: after 624 outputs its state is known and every past and future value can be predicted, so tokens made from it can be guessed.",
        example: "token = \"\".join(random.choice(ALPHABET) for _ in range(32))",
        useInstead: "import secrets\ntoken = secrets.token_urlsafe(32)",
        references: [RuleDoc.bandit("blacklists/blacklist_calls.html#b311-random"), "https://docs.python.org/3/library/secrets.html"])

    static let rule = Rule(descriptor, on: [.assign, .annAssign, .return, .call], examples: [
        RuleExample("""
        import random
        import string
        def make_reset_token():
            return "".join(random.choice(string.ascii_letters) for _ in range(32))  # error: TL-B311
        session_id = random.getrandbits(128)  # error: TL-B311
        def issue(user):
            user.api_key = str(random.random())  # error: TL-B311
            send(user, otp=random.randint(100000, 999999))  # error: TL-B311
        """),
        RuleExample("""
        import random
        import secrets
        items = [1, 2, 3]
        random.shuffle(items)
        colour = random.choice(["red", "blue"])
        token = secrets.token_urlsafe(32)
        def pick_sample(data):
            return random.sample(data, 3)
        items.sort(key=lambda x: random.random())
        rng = random.SystemRandom()
        password = rng.choice("abc")
        """),
    ], autofix: Autofix(.unsafe, safety: SecretsEquivalent.safety, examples: [
        FixExample("""
        import random
        import string
        from random import getrandbits as bits
        def make_reset_token():
            return "".join(random.choice(string.ascii_letters) for _ in range(32))
        session_id = bits(128)
        def issue(user):
            user.api_key = str(random.random())
            send(user, otp=random.randint(100000, 999999))
            user.salt = random.randbytes(16)
            user.pin_code = random.randrange(10000)
        password = numpy.random.choice(list("abc"))
        """, """
        import random
        import string
        from random import getrandbits as bits
        import secrets
        def make_reset_token():
            return "".join(secrets.choice(string.ascii_letters) for _ in range(32))
        session_id = secrets.randbits(128)
        def issue(user):
            user.api_key = str(secrets.SystemRandom().random())
            send(user, otp=secrets.SystemRandom().randint(100000, 999999))
            user.salt = secrets.token_bytes(16)
            user.pin_code = secrets.randbelow(10000)
        password = numpy.random.choice(list("abc"))
        """),
    ]), check: { check($0, $1) })

    static let functions: Set<String> = ["random.random", "random.randint", "random.randrange", "random.choice", "random.choices",
                                         "random.sample", "random.getrandbits", "random.uniform", "random.randbytes", "random.triangular",
                                         "numpy.random.randint", "numpy.random.rand", "numpy.random.choice", "numpy.random.bytes"]
    static let secretWords = ["token", "secret", "password", "passwd", "nonce", "salt", "otp", "csrf", "xsrf", "apikey", "api_key",
                              "session_id", "sessionid", "session_key", "private_key", "secret_key", "auth_key", "reset_code",
                              "verification_code", "pin_code", "one_time", "activation_code", "signing_key"]

    static let secretWordList = WordList(secretWords)

    /// Does an identifier name a secret?
    static func namesSecret(_ identifier: String) -> Bool {
        let lower = identifier.lowercased()
        if lower.hasSuffix("_count") || lower.hasSuffix("_length") || lower.hasSuffix("_len") || lower.hasSuffix("_size") { return false }
        if secretWordList.matches(lowered: Array(lower.utf8)) { return true }
        // A bare `key` is a sort key or a dict key far more often than a secret.
        return lower.hasSuffix("_key") && !lower.hasSuffix("sort_key") && !lower.hasSuffix("cache_key") && !lower.hasSuffix("lookup_key")
    }

    /// The first insecure random call inside `expr`.
    static func randomCall(in expr: ExprID, _ context: RuleContext, depth: Int = 0) -> (ExprID, String)? {
        guard depth < 12 else { return nil }
        if let call = context.call(expr), let name = call.name, functions.contains(name) { return (expr, name) }
        for child in context.tree.childExprs(of: expr) {
            if let found = randomCall(in: child, context, depth: depth + 1) { return found }
        }
        return nil
    }

    static func targetName(_ expr: ExprID, _ context: RuleContext) -> String? {
        context.assignedName(expr)
    }

    static func report(_ call: ExprID, _ name: String, _ secret: String, _ context: RuleContext) -> [Finding] {
        [context.finding(descriptor, at: call, description: "`\(name)` produces `\(secret)`, a secret; `random` is predictable once a few outputs are seen.",
                         remediation: "Use the `secrets` module: `secrets.token_urlsafe(32)`, `secrets.token_hex()`, `secrets.choice(...)`, `secrets.randbelow(n)`.",
                         fix: "secrets.token_urlsafe(32)", autofix: context.call(call).flatMap { SecretsEquivalent.fix($0, context) })]
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        switch node {
        case .statement(let stmt):
            switch context.tree[stmt].kind {
            case .assign(let targets, let value, _):
                guard let secret = targets.lazy.compactMap({ targetName($0, context) }).first(where: namesSecret),
                      let (call, name) = randomCall(in: value, context) else { return [] }
                return report(call, name, secret, context)
            case .annAssign(let target, _, let value?, _):
                guard let secret = targetName(target, context), namesSecret(secret), let (call, name) = randomCall(in: value, context) else { return [] }
                return report(call, name, secret, context)
            case .return(let value?):
                // The cheap test first: most returns call no `random` function.
                guard let (call, name) = randomCall(in: value, context), let scope = context.model.scope(of: stmt),
                      let function = context.model.localQualifiedName(context.model.enclosingDefinitionScope(scope)),
                      let last = function.split(separator: ".").last, namesSecret(String(last)) else { return [] }
                return report(call, name, "the return value of `\(last)`", context)
            default:
                return []
            }
        case .expression:
            guard let call = context.call(node) else { return [] }
            for keyword in call.keywords {
                guard let arg = keyword.arg, namesSecret(arg), let (inner, name) = randomCall(in: keyword.value, context) else { continue }
                return report(inner, name, arg, context)
            }
            return []
        case .module:
            return []
        }
    }
}

/// The `secrets` twin of a `random` call, where one is exact: `secrets.choice`, `secrets.randbits`
/// for `getrandbits`, `secrets.token_bytes(n)` for `randbytes(n)`, `secrets.randbelow(n)` for
/// `randrange(n)`, and the same method of `secrets.SystemRandom()` (the operating system's
/// generator behind the `random` API) for the others. The fix of TL-B311 and TL-WEB-RANDOM-SECRET.
enum SecretsEquivalent {
    static let safety = "the values then come from the operating system's generator (`secrets`), which cannot be seeded: code or tests that call `random.seed` to get the same values on every run get different ones. Only calls with an exact twin are rewritten (`choice`, `getrandbits` to `randbits`, `randbytes(n)` to `token_bytes(n)`, `randrange(n)` to `randbelow(n)`, the rest to the same method of `secrets.SystemRandom()`); `import secrets` is added when the module has none."

    /// Functions of `random` whose `secrets.SystemRandom()` method takes the same arguments.
    static let systemRandomMethods: Set<String> = ["random", "randint", "randrange", "choice", "choices", "sample", "uniform", "triangular",
                                                   "shuffle", "getrandbits", "randbytes", "betavariate", "gauss", "normalvariate", "expovariate"]

    static func fix(_ call: CallInfo, _ context: RuleContext) -> Fix? {
        guard let name = call.name, name.hasPrefix("random."), !call.hasUnpacking else { return nil }
        let function = String(name.dropFirst("random.".count))
        guard systemRandomMethods.contains(function) else { return nil }
        let onePositional = call.args.count == 1 && call.keywords.isEmpty
        let twin: String
        switch function {
        case "choice": twin = "choice"
        case "getrandbits": twin = "randbits"
        case "randbytes" where onePositional: twin = "token_bytes"
        case "randrange" where onePositional: twin = "randbelow"
        default: twin = "SystemRandom().\(function)"
        }
        switch context.tree[call.function].kind {
        case .name, .attribute: break
        default: return nil
        }
        guard let (module, imports) = context.importing(module: "secrets", before: Int(context.tree[call.id].range.start)) else { return nil }
        return context.fix("Use `secrets.\(twin)`", .unsafe, imports + [context.replacing(call.function, with: "\(module).\(twin)")])
    }
}

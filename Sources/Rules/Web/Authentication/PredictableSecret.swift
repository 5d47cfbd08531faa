import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// `random` values that become tokens, passwords or codes through a variable, a list, a
/// dict entry or a secret-named function: the flows TL-B311 (which looks only at the
/// statement that calls `random`) does not see.
enum PredictableSecret {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-RANDOM-SECRET", name: "predictable-secret-from-random",
        summary: "random module value flows into a token, password, key or code",
        severity: .high, confidence: .high, owasp: .a02, cwe: 330,
        what: "Follows values of `random.random/randint/randrange/choice/choices/sample/getrandbits/uniform/randbytes` and lists passed to `random.shuffle` through local variables, `+=`, `.append()`, `\"\".join(...)` and f-strings, and reports the `random` call when the value ends up as a secret: assigned to a name, attribute or key like `token`, `password`, `otp`, `reset_code`, `csrf`, `session_id`, `api_key`, `salt`, `nonce` (`session[\"csrf\"] = code`), returned from a function named like `generate_token`/`make_password`, put in a dict under such a key, or passed as such a keyword; and, whatever the name, stored in the session (`session[key] = value`, `request.session[...]`, a mapping named `*session`) or set as a cookie's value (`response.set_cookie(name, value)`), where it identifies the client. A `random.seed` with a constant, the clock (`time.time()`, `datetime.now()`) or the pid in a file where this happens is reported too. TL-B311 already reports a `random` call whose own statement writes a secret-named target (CWE-330 as well); this rule never reports a line TL-B311 reports, it adds the flows across statements, `random.shuffle`, dict entries and constant seeds.",
        why: "`random` is a Mersenne Twister: from 624 observed 32-bit outputs an attacker rebuilds its state and predicts every token, OTP or reset code the process makes next (and, with a constant seed, every one it ever made).",
        example: "def generate_reset_code():\n    digits = [random.choice(string.digits) for _ in range(6)]\n    code = \"\".join(digits)\n    return code",
        useInstead: "import secrets\ndef generate_reset_code():\n    return \"\".join(secrets.choice(string.digits) for _ in range(6))\n# tokens: secrets.token_urlsafe(32)",
        references: ["https://docs.python.org/3/library/secrets.html", "https://docs.python.org/3/library/random.html",
                     "https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html#secure-random-number-generation"])

    static let rule = Rule(descriptor, on: [.module], examples: [
        RuleExample("""
        import random
        import string
        import time
        from flask import session
        random.seed(1234)  # error: TL-WEB-RANDOM-SECRET
        def generate_reset_code():
            digits = [random.choice(string.digits) for _ in range(6)]  # error: TL-WEB-RANDOM-SECRET
            code = "".join(digits)
            return code
        def make_password(length=12):
            chars = list(string.ascii_letters + string.digits)
            random.shuffle(chars)  # error: TL-WEB-RANDOM-SECRET
            return "".join(chars[:length])
        def login(user):
            value = random.getrandbits(64)  # error: TL-WEB-RANDOM-SECRET
            session["csrf"] = str(value)
            return {"user": user.id, "session_token": random.random()}  # error: TL-WEB-RANDOM-SECRET
        def generateCryptoKey():
            key = random.getrandbits(128)  # error: TL-WEB-RANDOM-SECRET
            return key
        def random_string(length):
            return "".join(random.choice(string.ascii_letters) for _ in range(length))
        def invite(user):
            user.invite_token = random_string(24)  # error: TL-WEB-RANDOM-SECRET
            label = random_string(4)
            return label
        def new_otp():
            random.seed(time.time())  # error: TL-WEB-RANDOM-SECRET
            otp = ""
            for _ in range(6):
                otp += str(random.randint(0, 9))  # error: TL-WEB-RANDOM-SECRET
            return otp
        """),
        RuleExample("""
        import random
        def issue(user):
            user.api_key = str(random.random())
            token = random.choice("abcdef")
            return token
        """),
        RuleExample("""
        import base64
        import random
        from flask import Flask, make_response, session
        app = Flask(__name__)
        store_session = {}

        @app.route("/login", methods=["POST"])
        def login():
            value = str(random.getrandbits(64))  # error: TL-WEB-RANDOM-SECRET
            cookie = "rememberMe" + "1"
            session[cookie] = value
            other = base64.b64encode(random.randbytes(16)).decode()  # error: TL-WEB-RANDOM-SECRET
            store_session["id"] = other
            response = make_response("ok")
            response.set_cookie("visit", str(random.random()))  # error: TL-WEB-RANDOM-SECRET
            remember_me = random.normalvariate(0, 1)  # error: TL-WEB-RANDOM-SECRET
            return response
        """),
        RuleExample("""
        import random
        import secrets
        random.seed(42)
        COLOURS = ["red", "green", "blue"]
        def pick_colour():
            colour = random.choice(COLOURS)
            return {"colour": colour, "token": secrets.token_urlsafe(16)}
        def generate_token():
            delay = random.uniform(0.1, 0.5)
            wait(delay)
            return secrets.token_hex(16)
        def shuffle_deck(cards):
            random.shuffle(cards)
            return cards
        def sample_rows(rows):
            chosen = random.sample(rows, 10)
            token_count = len(chosen)
            return token_count
        def wait(seconds):
            return seconds
        def weighted(items):
            weight_key = random.uniform(0, 1)
            return sorted(items, key=lambda item: weight_key)
        def shuffleCacheKey():
            key = random.random()
            return key
        """),
        RuleExample("""
        import random
        def test_tokens():
            value = random.getrandbits(64)
            session_token = str(value)
            return session_token
        """, path: "tests/test_tokens.py"),
    ], autofix: Autofix(.unsafe, safety: SecretsEquivalent.safety + " A value that reaches the secret through a helper of the project is fixed in the helper, and a `random.seed` call is left as it is.", examples: [
        FixExample("""
        import random
        import string
        from flask import session
        def generate_reset_code():
            digits = [random.choice(string.digits) for _ in range(6)]
            code = "".join(digits)
            return code
        def make_password(length=12):
            chars = list(string.ascii_letters + string.digits)
            random.shuffle(chars)
            return "".join(chars[:length])
        def login(user):
            value = random.getrandbits(64)
            session["csrf"] = str(value)
        """, """
        import random
        import string
        from flask import session
        import secrets
        def generate_reset_code():
            digits = [secrets.choice(string.digits) for _ in range(6)]
            code = "".join(digits)
            return code
        def make_password(length=12):
            chars = list(string.ascii_letters + string.digits)
            secrets.SystemRandom().shuffle(chars)
            return "".join(chars[:length])
        def login(user):
            value = secrets.randbits(64)
            session["csrf"] = str(value)
        """),
    ]), check: { check($0, $1) })

    static let producers: Set<String> = InsecureRandom.functions.union(["random.randbytes", "random.betavariate", "random.gauss",
                                                                        "random.normalvariate", "random.expovariate"])

    static func namesSecret(_ identifier: String) -> Bool {
        let words = WebAuthSupport.words(identifier)
        if let last = words.last, ["count", "len", "length", "size", "type", "name", "url", "expiry", "expires", "ttl", "timeout"].contains(last) {
            return false
        }
        if words.contains("tokenizer") || words.contains("tokens") { return false }
        if InsecureRandom.secretWordList.matches(identifier) { return true }
        if words.contains("otp") || words.contains("pin") || words.contains("csrf") || words.contains("passcode") { return true }
        // Remember-me cookies and session entries (`rememberMe`, `remember_me`) are login tokens.
        if words.contains("remember") { return true }
        // A bare `_key` is a sort, cache or dict key far more often than a secret.
        guard let keyIndex = words.lastIndex(of: "key"), keyIndex > 0 else { return false }
        return ["api", "secret", "private", "signing", "auth", "session", "encryption", "access", "hmac", "master", "crypto", "cipher",
                "aes"].contains(words[keyIndex - 1])
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard case .module = node, !context.isTestFile else { return [] }
        let tree = context.tree
        let model = context.model
        // The `random` calls of the file; nothing to do without one (the common case).
        var producerCalls: [ExprID: String] = [:]
        var shuffles: [ExprID] = []
        var seeds: [ExprID] = []
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard case .call = tree.exprs[index].kind, let call = context.call(id), let name = call.name else { continue }
            if producers.contains(name) { producerCalls[id] = name }
            if name == "random.shuffle" { shuffles.append(id) }
            if name == "random.seed", let arg = call.argument(0, "a"), isGuessableSeed(arg, context) { seeds.append(id) }
        }
        guard !producerCalls.isEmpty || !shuffles.isEmpty else { return [] }

        // Bindings whose value comes from `random`, with the call it came from.
        var tainted: [BindingID: ExprID] = [:]
        func origin(in expr: ExprID, depth: Int = 0) -> ExprID? {
            guard depth < 24 else { return nil }
            if producerCalls[expr] != nil { return expr }
            if case .name(_, .load) = tree[expr].kind {
                for binding in model.reachingBindings(of: expr) { if let found = tainted[binding] { return found } }
                return nil
            }
            // A `random.shuffle` whose value is used: the shuffled list flows (handled by
            // binding); skip into lambdas (sort keys) which do not carry the value.
            if case .lambda = tree[expr].kind { return nil }
            for child in tree.childExprs(of: expr) {
                if let found = origin(in: child, depth: depth + 1) { return found }
            }
            return nil
        }
        func propagate() {
            tainted.removeAll()
            for shuffle in shuffles {
                guard let call = context.call(shuffle), let list = call.argument(0, "x"), case .name = tree[list].kind else { continue }
                for binding in model.reachingBindings(of: list) where tainted[binding] == nil { tainted[binding] = shuffle }
            }
            // Propagate through assignments and mutating calls until nothing changes (bounded).
            for _ in 0..<6 {
                var changed = false
                for index in model.bindings.indices {
                    let id = BindingID(Int32(index))
                    guard tainted[id] == nil else { continue }
                    let value: ExprID?
                    switch model[id].kind {
                    case .assignment(let v): value = v ?? model[id].statement.flatMap { assignedValue(of: $0, tree) }
                    case .augmentedAssignment(_, let v): value = v
                    case .loopTarget(let iterable): value = iterable
                    default: value = nil
                    }
                    guard let value, let found = origin(in: value) else { continue }
                    tainted[id] = found
                    changed = true
                }
                for index in tree.exprs.indices {
                    guard case .call(let function, let args, _) = tree.exprs[index].kind,
                          case .attribute(let receiver, let method, _) = tree[function].kind,
                          ["append", "extend", "insert", "add", "update"].contains(method), case .name = tree[receiver].kind,
                          model.scope(of: ExprID(Int32(index))) != nil else { continue }
                    guard let found = args.lazy.compactMap({ origin(in: $0) }).first else { continue }
                    for binding in model.reachingBindings(of: receiver) where tainted[binding] == nil {
                        tainted[binding] = found
                        changed = true
                    }
                }
                if !changed { break }
            }
        }
        propagate()
        // Helpers such as `def random_string(n)` whose return value comes from `random`: their
        // calls are sources too (reported at the call, where the secret is made). Secret-named
        // helpers (`generate_token`) are reported inside, by TL-B311 or below.
        var helpers: [String: ExprID] = [:]
        for index in tree.stmts.indices {
            let stmt = StmtID(Int32(index))
            guard case .return(let value?) = tree[stmt].kind, let scope = model.scope(of: stmt) else { continue }
            let definition = model.enclosingDefinitionScope(scope)
            guard model[definition].kind == .function, !namesSecret(model[definition].name),
                  helpers[model[definition].qualifiedName] == nil, let found = origin(in: value) else { continue }
            helpers[model[definition].qualifiedName] = found
        }
        var helperCalls: [ExprID: (String, ExprID)] = [:]
        if !helpers.isEmpty {
            for index in tree.exprs.indices {
                let id = ExprID(Int32(index))
                guard case .call = tree.exprs[index].kind, let call = context.call(id), let name = call.name, let inner = helpers[name] else { continue }
                producerCalls[id] = name
                helperCalls[id] = (name.split(separator: ".").last.map(String.init) ?? name, inner)
            }
            if !helperCalls.isEmpty { propagate() }
        }

        // Where a value becomes a secret: the sink's description, keyed by the random call.
        var reports: [ExprID: String] = [:]
        var order: [ExprID] = []
        func sink(_ value: ExprID, _ what: String) {
            guard let found = origin(in: value), reports[found] == nil else { return }
            reports[found] = what
            order.append(found)
        }
        for index in tree.stmts.indices {
            let stmt = StmtID(Int32(index))
            guard let scope = model.scope(of: stmt) else { continue }
            switch tree[stmt].kind {
            case .assign(let targets, let value, _):
                if let name = targets.lazy.compactMap({ context.assignedName($0) }).first(where: namesSecret) {
                    sink(value, "`\(name)` (line \(tree[stmt].range.lineno))")
                } else if let session = targets.first(where: { isSessionEntry($0, context) }) {
                    // Whatever its key, a value kept in the session identifies or authenticates the client.
                    sink(value, "the session entry `\(context.text(session, limit: 40))` (line \(tree[stmt].range.lineno))")
                }
            case .annAssign(let target, _, let value?, _), .augAssign(let target, _, let value):
                if let name = context.assignedName(target), namesSecret(name) { sink(value, "`\(name)` (line \(tree[stmt].range.lineno))") }
            case .return(let value?):
                if let function = WebAuthSupport.enclosingFunctionName(scope, context), namesSecret(function) {
                    sink(value, "the return value of `\(function)` (line \(tree[stmt].range.lineno))")
                }
            default:
                break
            }
        }
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard model.scope(of: id) != nil else { continue }
            switch tree[id].kind {
            case .dict(let keys, let values):
                for (position, key) in keys.enumerated() where position < values.count {
                    guard let key, let name = context.string(key), namesSecret(name) else { continue }
                    sink(values[position], "the `\(name)` entry (line \(tree[id].range.lineno))")
                }
            case .call(let function, _, let keywords):
                // A cookie's value identifies the client (a session id, a remember-me token).
                if case .attribute(_, "set_cookie", _) = tree[function].kind, let call = context.call(id), let value = call.argument(1, "value") {
                    sink(value, "the value of a cookie (line \(tree[id].range.lineno))")
                }
                for keyword in keywords {
                    guard let arg = keyword.arg, namesSecret(arg) else { continue }
                    sink(keyword.value, "the `\(arg)=` argument (line \(tree[id].range.lineno))")
                }
            default:
                break
            }
        }
        guard !order.isEmpty else { return [] }
        // TL-B311 already reports some of these lines with the same CWE: leave them to it.
        let b311 = b311Lines(context)
        var findings: [Finding] = []
        for call in order.sorted() {
            guard !b311.contains(Int(tree[call].range.lineno)) else { continue }
            let name = producerCalls[call] ?? "random.shuffle"
            let sinkText = reports[call] ?? "a secret"
            let source: String
            if let (helper, inner) = helperCalls[call] {
                let innerName = producerCalls[inner] ?? "random.shuffle"
                source = "`\(helper)()` returns a `\(innerName)` value (line \(tree[inner].range.lineno); a predictable Mersenne Twister), and it"
            } else {
                source = "`\(name)` (a predictable Mersenne Twister) produces the value that"
            }
            findings.append(context.finding(descriptor, at: call,
                                            description: "\(source) becomes \(sinkText).",
                                            remediation: "Generate secrets with the `secrets` module: `secrets.token_urlsafe(32)` for tokens, `secrets.choice(alphabet)` per character, `secrets.randbelow(10**6)` for numeric codes; `random.SystemRandom().shuffle` instead of `random.shuffle`.",
                                            fix: name == "random.shuffle" ? "random.SystemRandom().shuffle(chars)" : "secrets.token_urlsafe(32)",
                                            autofix: helperCalls[call] == nil ? context.call(call).flatMap { SecretsEquivalent.fix($0, context) } : nil))
        }
        for seed in seeds {
            findings.append(context.finding(descriptor, at: seed,
                                            description: "`random.seed` is given \(seedKind(seed, context)), which an attacker can reproduce, and this file turns `random` values into secrets.",
                                            remediation: "Do not seed `random` for secrets; use the `secrets` module, which cannot be seeded.",
                                            fix: "secrets.token_urlsafe(32)"))
        }
        return findings
    }

    /// `session[key] = ...` on a framework's session (Flask, Quart, Django, Starlette) or on a
    /// mapping whose name says it is one (`user_session[key]`, `helpers.mysession[key]`).
    static func isSessionEntry(_ target: ExprID, _ context: RuleContext) -> Bool {
        guard case .subscript(let base, _, _) = context.tree[target].kind else { return false }
        if TrustBoundary.isSession(base, context) { return true }
        let name: String?
        switch context.tree[base].kind {
        case .name(let id, _): name = id
        case .attribute(_, let attr, _): name = attr
        default: name = nil
        }
        guard let name else { return false }
        let words = WebAuthSupport.words(name)
        return words.last == "session" || name.lowercased().hasSuffix("session")
    }

    /// A seed an attacker can reproduce: a constant, or the clock or process id.
    static func isGuessableSeed(_ expr: ExprID, _ context: RuleContext) -> Bool {
        if let value = context.constant(expr) { return value != ConstantValue.none }
        var inner = expr
        if let call = context.call(expr), call.name == "builtins.int", let first = call.args.first { inner = first }
        guard let call = context.call(inner), let name = call.name else { return false }
        return ["time.time", "time.time_ns", "time.monotonic", "time.perf_counter", "os.getpid", "datetime.datetime.now",
                "datetime.datetime.utcnow"].contains(name)
    }

    /// How a seed is made, for the description (never the seed's value).
    static func seedKind(_ seed: ExprID, _ context: RuleContext) -> String {
        guard let arg = context.call(seed)?.argument(0, "a") else { return "a guessable value" }
        if context.constant(arg) != nil { return "a constant" }
        var inner = arg
        if let call = context.call(arg), call.name == "builtins.int", let first = call.args.first { inner = first }
        return context.call(inner)?.name.map { "`\($0)()`" } ?? "a guessable value"
    }

    static func assignedValue(of stmt: StmtID, _ tree: SyntaxTree) -> ExprID? {
        switch tree[stmt].kind {
        case .assign(_, let value, _): return value
        case .annAssign(_, _, let value, _): return value
        default: return nil
        }
    }

    /// The lines where TL-B311 reports (its statements and keyword calls that hold a `random` call).
    static func b311Lines(_ context: RuleContext) -> Set<Int> {
        let tree = context.tree
        var lines: Set<Int> = []
        for index in tree.stmts.indices {
            let stmt = StmtID(Int32(index))
            guard context.model.scope(of: stmt) != nil else { continue }
            switch tree[stmt].kind {
            case .assign, .annAssign, .return:
                for finding in InsecureRandom.check(.statement(stmt), context) { lines.insert(finding.location.startLine) }
            default:
                break
            }
        }
        for index in tree.exprs.indices {
            guard case .call(_, _, let keywords) = tree.exprs[index].kind, !keywords.isEmpty else { continue }
            for finding in InsecureRandom.check(.expression(ExprID(Int32(index))), context) { lines.insert(finding.location.startLine) }
        }
        return lines
    }
}

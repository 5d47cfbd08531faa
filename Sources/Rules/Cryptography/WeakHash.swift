import Dataflow
import Findings
import PythonSyntax

/// B303/B324: MD5, SHA-1 and other broken hashes used for security.
enum WeakHash {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B324", name: "weak-hash", summary: "MD4/MD5/SHA-1 hash used for security",
        severity: .medium, confidence: .high, owasp: .a02, cwe: 328, bandit: "B324", ruff: "S324", otherAliases: ["B303", "S303"],
        what: "Finds `hashlib.md5`, `hashlib.sha1`, `hashlib.new(\"md5\"|\"sha1\"|\"md4\"|...)`, and the MD5/SHA-1 classes of `cryptography`, PyCryptodome and PyCrypto, `crypt.crypt`/`crypt.mksalt` with `METHOD_CRYPT` or `METHOD_MD5`, unless `usedforsecurity=False` is passed. The name in `hashlib.new` is folded, so `hashlib.new(ALGO)` with `ALGO = \"md5\"` is caught. What the hash is for sets the finding: of a password (or `crypt`) it is High and the fix is a password hash; of a secret, or stored as a `signature`/`token`/`mac`, Medium with SHA-256 as the fix; when its result only names something (it becomes a `cache_key`, an `ETag`, a rate-limit `bucket`, a `job_id`, a `cache.set` key, a Gravatar URL) it is Low, and the fix is `usedforsecurity=False`; otherwise Medium at medium confidence, saying the use could not be told.",
        why: "Collisions for MD5 and SHA-1 can be computed cheaply; signatures, integrity checks and password hashes built on them can be forged.",
        example: "digest = hashlib.md5(password.encode()).hexdigest()",
        useInstead: "digest = hashlib.sha256(data).hexdigest()\n# passwords: hashlib.scrypt / argon2 / bcrypt\n# non-security use: hashlib.md5(data, usedforsecurity=False)",
        references: [RuleDoc.bandit("plugins/b324_hashlib.html"), "https://docs.python.org/3/library/hashlib.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import hashlib as h
        from cryptography.hazmat.primitives import hashes
        ALGO = "md5"
        def sign(data):
            a = h.md5(data)  # error: TL-B324
            b = h.new("SHA1", data)  # error: TL-B324
            c = h.new(ALGO)  # error: TL-B324
            d = hashes.Hash(hashes.MD5())  # error: TL-B324
        import crypt
        stored = crypt.crypt(password, salt=crypt.METHOD_MD5)  # error: TL-B324
        salt = crypt.mksalt(crypt.METHOD_CRYPT)  # error: TL-B324
        """, fixes: [5: "h.sha256(data)", 6: "h.sha256(data)", 7: "h.sha256(...)", 8: "", 10: ""]),
        // What the hash is for decides: a password or a signature is a weakness; a name is not.
        RuleExample("""
        import hashlib
        def store(user, password, body, key):
            user.password_hash = hashlib.md5(password.encode()).hexdigest()  # error: TL-B324
            signature = hashlib.sha1(key + body).hexdigest()  # error: TL-B324
            hasher = hashlib.md5()  # error: TL-B324
            hasher.update(user.api_token.encode())
            salted = hashlib.md5((user.salt + password).encode())  # error: TL-B324
            return hasher.hexdigest(), salted
        """, fixes: [3: "hashlib.scrypt(password.encode(), salt=os.urandom(16), n=2**14, r=8, p=1)",
                     4: "hashlib.sha256(key + body)",
                     7: "hashlib.scrypt((user.salt + password).encode(), salt=os.urandom(16), n=2**14, r=8, p=1)"]),
        // Names only: a cache key, a rate-limit bucket, an ETag, a job id. Reported Low, with
        // `usedforsecurity=False` as the fix (FIPS builds refuse MD5 without it).
        RuleExample("""
        import hashlib
        from django.core.cache import cache
        def view(request, response, path, payload):
            cache_key = "page:" + hashlib.md5(path.encode()).hexdigest()  # error: TL-B324
            bucket = f"ratelimit:{hashlib.sha1(request.META['REMOTE_ADDR'].encode()).hexdigest()}"  # error: TL-B324
            response["ETag"] = hashlib.md5(response.content).hexdigest()  # error: TL-B324
            cache.set(hashlib.md5(path.encode()).hexdigest(), payload)  # error: TL-B324
            return cache_key, bucket
        def job_id(payload):
            return hashlib.md5(payload).hexdigest()[:12]  # error: TL-B324
        def css_version(css):
            return "/static/app.css?v=" + hashlib.sha1(css.encode()).hexdigest()[:6]  # error: TL-B324
        """, fixes: [4: "hashlib.md5(path.encode(), usedforsecurity=False)",
                     10: "hashlib.md5(payload, usedforsecurity=False)",
                     12: "hashlib.sha1(css.encode(), usedforsecurity=False)"]),
        RuleExample("""
        import hashlib
        def etag(data, name):
            a = hashlib.md5(data, usedforsecurity=False)
            b = hashlib.sha256(data)
            c = hashlib.new("sha256")
            d = hashlib.new(name)
        def md5(x):
            return x
        md5(b"x")
        def safe_md5(data=b"", usedforsecurity=True):
            return hashlib.md5(data, usedforsecurity=usedforsecurity)
        import crypt
        stored = crypt.crypt(password, crypt.mksalt(crypt.METHOD_SHA512))
        """),
        RuleExample("""
        import hashlib
        import urllib.request

        def pwned(password):
            digest = hashlib.sha1(password.encode("utf8")).hexdigest()
            with urllib.request.urlopen(f"https://api.pwnedpasswords.com/range/{digest[:5].upper()}") as f:
                return digest[5:].upper() in f.read().decode()
        """),
    ], autofix: Autofix(.unsafe, safety: "`usedforsecurity=False` keeps the algorithm and the digest and only tells Python (and a FIPS-mode OpenSSL, which otherwise refuses MD5) that the hash protects nothing. It is offered only where the rule judged that the hash names something (a cache key, an ETag, an id), never for a hash whose purpose it could not tell or that protects a secret; it needs Python 3.9 or later.", examples: [
        FixExample("""
        import hashlib
        from django.core.cache import cache
        def view(request, response, path, payload, password):
            cache_key = "page:" + hashlib.md5(path.encode()).hexdigest()
            response["ETag"] = hashlib.new("sha1", response.content).hexdigest()
            cache.set(hashlib.md5(path.encode()).hexdigest(), payload)
            digest = hashlib.md5(password.encode()).hexdigest()
            other = hashlib.sha1(payload).hexdigest()
            return cache_key, digest, other
        """, """
        import hashlib
        from django.core.cache import cache
        def view(request, response, path, payload, password):
            cache_key = "page:" + hashlib.md5(path.encode(), usedforsecurity=False).hexdigest()
            response["ETag"] = hashlib.new("sha1", response.content, usedforsecurity=False).hexdigest()
            cache.set(hashlib.md5(path.encode(), usedforsecurity=False).hexdigest(), payload)
            digest = hashlib.md5(password.encode()).hexdigest()
            other = hashlib.sha1(payload).hexdigest()
            return cache_key, digest, other
        """),
    ]), check: { check($0, $1) })

    static let weakNames: Set<String> = ["md4", "md5", "sha", "sha1", "md2", "ripemd160"]
    static let weakCallees: [String: String] = [
        "hashlib.md5": "MD5", "hashlib.sha1": "SHA-1",
        "cryptography.hazmat.primitives.hashes.MD5": "MD5", "cryptography.hazmat.primitives.hashes.SHA1": "SHA-1",
        "Crypto.Hash.MD2.new": "MD2", "Crypto.Hash.MD4.new": "MD4", "Crypto.Hash.MD5.new": "MD5", "Crypto.Hash.SHA.new": "SHA-1",
        "Crypto.Hash.SHA1.new": "SHA-1", "Cryptodome.Hash.MD2.new": "MD2", "Cryptodome.Hash.MD4.new": "MD4",
        "Cryptodome.Hash.MD5.new": "MD5", "Cryptodome.Hash.SHA.new": "SHA-1", "Cryptodome.Hash.SHA1.new": "SHA-1",
    ]

    /// `crypt` methods too weak for passwords (bcrypt's `METHOD_BLOWFISH` and the SHA-512
    /// and SHA-256 crypt methods are not reported).
    static let weakCryptMethods: [String: String] = ["crypt.METHOD_CRYPT": "DES crypt", "crypt.METHOD_MD5": "MD5 crypt"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name else { return [] }
        if let flag = call.keyword("usedforsecurity"), context.isFalse(flag) || forwardsParameter(flag, context) { return [] }
        var algorithm: String?
        if let weak = weakCallees[name] {
            algorithm = weak
        } else if name == "crypt.crypt" || name == "crypt.mksalt",
                  let method = call.argument(name == "crypt.crypt" ? 1 : 0, name == "crypt.crypt" ? "salt" : "method"),
                  let methodName = context.qualifiedName(method), let weak = weakCryptMethods[methodName] {
            algorithm = weak
        } else if name == "hashlib.new", let arg = call.argument(0, "name"), let value = context.string(arg), weakNames.contains(value.lowercased()) {
            algorithm = value.uppercased()
        }
        guard let algorithm else { return [] }
        let isHashlib = name.hasPrefix("hashlib.")
        // Have I Been Pwned's range API is defined on SHA-1 (see TL-WEB-WEAK-PASSWORD-HASH).
        if algorithm == "SHA1" || algorithm == "SHA-1", WeakPasswordHash.isBreachLookup(call, context) { return [] }
        switch purpose(of: call, context) {
        case .secret(let what, let password):
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(name)` computes \(algorithm) of \(what): \(password ? "it is fast and unsalted by design, so a leaked hash is brute-forced in moments" : "collisions for it are cheap to compute, so what it protects can be forged").",
                                    remediation: password ? "Hash passwords with a slow, salted function: `hashlib.scrypt`, argon2 (`argon2-cffi`) or bcrypt, or the framework's password hasher." : "Use SHA-256 or better (`hashlib.sha256`), and `hmac` with a key where the hash authenticates a message.",
                                    fix: isHashlib ? (password ? "hashlib.scrypt(\(arguments(call, context)), salt=os.urandom(16), n=2**14, r=8, p=1)" : sha256(call, context)) : nil,
                                    severity: password ? .high : nil)]
        case .naming(let what):
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(name)` computes \(algorithm) for \(what), which names something rather than protects it: collisions are not a weakness there.",
                                    remediation: "Pass `usedforsecurity=False` to say so (FIPS-mode Python refuses MD5 and SHA-1 without it); keep the algorithm, since the name it produces may be stored.",
                                    fix: isHashlib ? withUsedForSecurityFalse(call, context) : nil,
                                    severity: .low, confidence: .medium,
                                    autofix: isHashlib ? context.fix("Pass `usedforsecurity=False`", .unsafe, [context.addingKeyword(call, "usedforsecurity", "False")]) : nil)]
        case .unknown:
            return [context.finding(descriptor, at: call.id,
                                    description: "`\(name)` computes \(algorithm), a hash with practical collision attacks; Taintline could not tell what it is for. If it protects integrity, a signature or a password, it can be forged.",
                                    remediation: "If the hash protects something, use SHA-256 or better (`hashlib.sha256`; for passwords `hashlib.scrypt`, argon2 or bcrypt). If it only names something (a cache key, an ETag, a file name), pass `usedforsecurity=False`.",
                                    fix: isHashlib ? sha256(call, context) : nil,
                                    confidence: .medium)]
        }
    }

    enum Purpose: Equatable {
        /// Hashes a secret, or produces a signature or password hash.
        case secret(String, password: Bool)
        /// Produces a name: a cache key, an ETag, an id.
        case naming(String)
        case unknown
    }

    /// Words of an input that make the hash protect a password.
    static let passwordWords: Set<String> = ["password", "passwd", "pwd", "passphrase", "pw"]
    /// Words of a destination that make the hash a security control.
    static let securityDestinations: Set<String> = ["signature", "sign", "signed", "sig", "mac", "hmac", "password", "passwd", "pwd", "integrity",
                                                    "verify", "verification", "auth", "authenticate", "token", "secret", "otp", "csrf", "credential"]
    /// Words of a destination that make the hash a name.
    static let namingDestinations: Set<String> = ["cache", "cached", "etag", "bucket", "ratelimit", "throttle", "lock", "job", "task", "shard",
                                                  "partition", "slug", "filename", "fname", "gravatar", "avatar", "color", "colour", "dedup",
                                                  "dedupe", "id", "uid", "uuid", "name", "label", "tag", "key", "identifier", "ident", "version",
                                                  "revision", "prefix", "suffix", "path", "memoize", "lru", "fingerprint", "anchor", "hashid"]

    /// What the hash is for: from what it hashes (the arguments, and `update(...)` calls on a
    /// hash object held in a variable) and where its result goes.
    static func purpose(of call: CallInfo, _ context: RuleContext) -> Purpose {
        if call.name?.hasPrefix("crypt.") == true { return .secret("a password (`crypt` hashes passwords)", password: true) }
        var inputs = call.args + call.keywords.filter { $0.arg != "usedforsecurity" && $0.arg != "name" }.map(\.value)
        if call.name == "hashlib.new", !inputs.isEmpty { inputs.removeFirst() }
        var destinations = context.destinationWords(of: call.id)
        // `h = hashlib.md5(); h.update(x); key = h.hexdigest()`: follow the hash object.
        if let stmt = context.statement(containing: call.id), case .assign(let targets, let value, _) = context.tree[stmt].kind,
           value == call.id, targets.count == 1, case .name(let variable, _) = context.tree[targets[0]].kind,
           let scope = context.model.scope(of: call.id) {
            destinations.removeAll { WebAuthSupport.words(variable).contains($0) }
            for binding in context.model.bindings(named: variable, in: scope) {
                for use in context.model.uses(of: binding) {
                    guard let useStmt = context.statement(containing: use) else { continue }
                    let chain = context.path(to: use, in: useStmt)
                    guard chain.count >= 3, case .call(_, let args, _) = context.tree[chain[chain.count - 3]].kind,
                          case .attribute(_, let method, _) = context.tree[chain[chain.count - 2]].kind else { continue }
                    if method == "update" { inputs += args }
                    if method == "hexdigest" || method == "digest" { destinations += context.destinationWords(of: use) }
                }
            }
        }
        var named: [(leaf: ExprID, name: String)] = []
        for input in inputs {
            var leaves: [ExprID] = []
            WebAuthSupport.leaves(of: input, context, into: &leaves)
            named += leaves.compactMap { leaf in WebAuthSupport.valueName(leaf, context).map { (leaf, $0) } }
        }
        // A password anywhere in the input (`salt + password`) makes it a password hash.
        if let hit = named.first(where: { WebAuthSupport.words($0.name).contains(where: passwordWords.contains) }) {
            return .secret("`\(context.text(hit.leaf, limit: 40))`, a password", password: true)
        }
        if let hit = named.first(where: { SecretTimingCompare.namesSecret($0.name) || ["salt", "credential"].contains(where: WebAuthSupport.words($0.name).contains) }) {
            return .secret("`\(context.text(hit.leaf, limit: 40))`, a secret", password: false)
        }
        if let word = destinations.first(where: securityDestinations.contains) {
            return destinations.contains(where: passwordWords.contains) ? .secret("a password hash", password: true) : .secret("a value named `\(word)`", password: false)
        }
        if let word = destinations.first(where: namingDestinations.contains) {
            return .naming("a value named like a `\(word)`")
        }
        if isShortPrefix(call, context) { return .naming("a short prefix of its digest (a version or cache-busting suffix)") }
        return .unknown
    }

    /// `hashlib.sha1(css).hexdigest()[:6]`: a few characters of the digest, which identify a
    /// version of something; nothing that protects a value keeps only 64 bits or fewer.
    static func isShortPrefix(_ call: CallInfo, _ context: RuleContext) -> Bool {
        guard let stmt = context.statement(containing: call.id) else { return false }
        let chain = context.path(to: call.id, in: stmt)
        guard let at = chain.lastIndex(of: call.id), at >= 3,
              case .attribute(_, let method, _) = context.tree[chain[at - 1]].kind, method == "hexdigest" || method == "digest",
              case .call = context.tree[chain[at - 2]].kind,
              case .subscript(_, let slice, _) = context.tree[chain[at - 3]].kind,
              case .slice(let lower, let upper?, nil) = context.tree[slice].kind,
              lower.map({ context.int($0) == 0 }) ?? true, let end = context.int(upper) else { return false }
        return end > 0 && end <= (method == "hexdigest" ? 16 : 8)
    }

    /// `usedforsecurity=usedforsecurity` in a wrapper: the caller says what the hash is for.
    static func forwardsParameter(_ flag: ExprID, _ context: RuleContext) -> Bool {
        guard case .name = context.tree[flag].kind else { return false }
        let defs = context.model.reachingBindings(of: flag)
        return !defs.isEmpty && defs.allSatisfy { if case .parameter = context.model[$0].kind { return true } else { return false } }
    }

    /// The call's argument text (`path.encode()`), or `...` when there is none or it is long.
    static func arguments(_ call: CallInfo, _ context: RuleContext) -> String {
        var parts = call.args.map { context.text($0, limit: 200) }
        if call.name == "hashlib.new", !parts.isEmpty { parts.removeFirst() }
        parts += call.keywords.filter { $0.arg == "data" || $0.arg == "string" }.map { context.text($0.value, limit: 200) }
        return parts.isEmpty ? "..." : parts.joined(separator: ", ")
    }

    /// The same call with SHA-256, spelled as the code spells the module (`h.md5(x)` →
    /// `h.sha256(x)`, `h.new("md5", x)` → `h.sha256(x)`; a bare `md5(x)` → `hashlib.sha256(x)`).
    static func sha256(_ call: CallInfo, _ context: RuleContext) -> String {
        if case .attribute(let module, _, _) = context.tree[call.function].kind {
            return "\(context.text(module, limit: 40)).sha256(\(arguments(call, context)))"
        }
        return "hashlib.sha256(\(arguments(call, context)))"
    }

    /// The call with `usedforsecurity=False` added.
    static func withUsedForSecurityFalse(_ call: CallInfo, _ context: RuleContext) -> String {
        let callee = context.text(call.function, limit: 80)
        var parts = call.args.map { context.text($0, limit: 200) }
        parts += call.keywords.filter { $0.arg != "usedforsecurity" }.map { ($0.arg.map { $0 + "=" } ?? "**") + context.text($0.value, limit: 200) }
        parts.append("usedforsecurity=False")
        return "\(callee)(\(parts.joined(separator: ", ")))"
    }
}

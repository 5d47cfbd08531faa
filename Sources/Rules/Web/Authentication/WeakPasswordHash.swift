import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Passwords hashed with a fast hash, or with a slow one whose cost is set too low.
enum WeakPasswordHash {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-WEAK-PASSWORD-HASH", name: "weak-password-hash",
        summary: "Password hashed with a fast hash or too few iterations",
        severity: .high, confidence: .high, owasp: .a02, cwe: 916,
        what: "Finds a password (a parameter, variable or attribute named like `password`/`passwd`/`pwd`/`passphrase`, or `request.form[\"password\"]`, also through `.encode()`, `salt + password`, f-strings and one local assignment) passed to `hashlib.md5/sha1/sha224/sha256/sha512/sha3_*/blake2*/new` or to `.update()` of such a hash; `hashlib.pbkdf2_hmac` and `PBKDF2HMAC` with fewer than 100,000 iterations; `bcrypt.gensalt(rounds<10)`; werkzeug `generate_password_hash` with a non-KDF method or few iterations; passlib's `md5_crypt`, `des_crypt`, `ldap_md5`, ... and a `CryptContext` whose default scheme is one of them; Django `PASSWORD_HASHERS` whose first entry is the MD5, SHA-1, unsalted or crypt hasher (not in test settings). Names that are about a password (`password_reset_url`, `password_field`, `password_hash`) and hashes of other data (a file's bytes, a token) are not reported. TL-B324 also reports MD5/SHA-1 as broken hashes (CWE-327); this rule is the password-specific finding (CWE-916), and also covers SHA-2.",
        why: "A GPU computes billions of MD5 or SHA-256 hashes per second, salted or not: after a database leak most real passwords are recovered in hours. Password hashes must be slow and memory-hard so that each guess costs real time.",
        example: "def hash_password(password):\n    return hashlib.sha256((SALT + password).encode()).hexdigest()",
        useInstead: "from argon2 import PasswordHasher\nhasher = PasswordHasher()\nstored = hasher.hash(password)\n# or werkzeug.security.generate_password_hash(password), Django's make_password(password),\n# bcrypt.hashpw(password, bcrypt.gensalt()), hashlib.pbkdf2_hmac(\"sha256\", pw, salt, 600_000)",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html",
                     "https://docs.python.org/3/library/hashlib.html#key-derivation",
                     "https://docs.djangoproject.com/en/stable/topics/auth/passwords/"])

    static let rule = Rule(descriptor, on: [.call, .assign], examples: [
        RuleExample("""
        import hashlib
        import bcrypt
        from flask import request
        SALT = "pepper"
        def hash_password(password):
            return hashlib.md5(password.encode()).hexdigest()  # error: TL-WEB-WEAK-PASSWORD-HASH
        def register(user):
            user.pw = hashlib.sha256((SALT + request.form["password"]).encode()).hexdigest()  # error: TL-WEB-WEAK-PASSWORD-HASH
            pw = request.form.get("new_password")
            digest = hashlib.new("sha512", f"{SALT}{pw}".encode())  # error: TL-WEB-WEAK-PASSWORD-HASH
            h = hashlib.sha1()
            h.update(user.passwd.encode("utf-8"))  # error: TL-WEB-WEAK-PASSWORD-HASH
            key = hashlib.pbkdf2_hmac("sha256", pw.encode(), b"salt", 1000)  # error: TL-WEB-WEAK-PASSWORD-HASH
            salt = bcrypt.gensalt(rounds=4)  # error: TL-WEB-WEAK-PASSWORD-HASH
            return digest, key, salt
        """),
        RuleExample("""
        from werkzeug.security import generate_password_hash
        from passlib.hash import md5_crypt
        from passlib.context import CryptContext
        def store(password):
            a = generate_password_hash(password, method="sha1")  # error: TL-WEB-WEAK-PASSWORD-HASH
            b = generate_password_hash(password, method="pbkdf2:sha256:1000")  # error: TL-WEB-WEAK-PASSWORD-HASH
            c = md5_crypt.hash(password)  # error: TL-WEB-WEAK-PASSWORD-HASH
            return a, b, c
        context = CryptContext(schemes=["md5_crypt", "bcrypt"])  # error: TL-WEB-WEAK-PASSWORD-HASH
        """),
        RuleExample("""
        PASSWORD_HASHERS = [  # error: TL-WEB-WEAK-PASSWORD-HASH
            "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
            "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        ]
        """, path: "shop/settings.py"),
        RuleExample("""
        import hashlib
        import bcrypt
        from werkzeug.security import generate_password_hash
        from passlib.context import CryptContext
        def fingerprint(path, token, password_reset_url, password_hash):
            with open(path, "rb") as f:
                a = hashlib.md5(f.read()).hexdigest()
            b = hashlib.sha256(token.encode()).hexdigest()
            c = hashlib.sha256(password_reset_url.encode()).hexdigest()
            d = hashlib.sha256(password_hash.encode()).hexdigest()
            return a, b, c, d
        def store(password):
            a = generate_password_hash(password)
            b = hashlib.pbkdf2_hmac("sha256", password.encode(), b"salt", 600_000)
            c = bcrypt.hashpw(password.encode(), bcrypt.gensalt(rounds=12))
            d = hashlib.scrypt(password.encode(), salt=b"salt", n=2**14, r=8, p=1)
            return a, b, c, d
        def md5(password):
            return password
        md5("x")
        context = CryptContext(schemes=["argon2", "md5_crypt"], deprecated="auto")
        PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher", "django.contrib.auth.hashers.MD5PasswordHasher"]
        """),
        RuleExample("""
        PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        """, path: "shop/settings/test_settings.py"),
        // Have I Been Pwned's k-anonymity lookup is defined on SHA-1 and stores nothing.
        RuleExample("""
        import hashlib
        import urllib.request

        def pwned(password):
            digest = hashlib.sha1(password.encode("utf8")).hexdigest().upper()
            with urllib.request.urlopen(f"https://api.pwnedpasswords.com/range/{digest[:5]}") as f:
                return digest[5:] in f.read().decode()

        def store(password):
            return hashlib.sha1(password.encode("utf8")).hexdigest()  # error: TL-WEB-WEAK-PASSWORD-HASH
        """),
    ], check: { check($0, $1) })

    static let fastHashes: Set<String> = [
        "hashlib.md5", "hashlib.sha1", "hashlib.sha224", "hashlib.sha256", "hashlib.sha384", "hashlib.sha512", "hashlib.sha3_224",
        "hashlib.sha3_256", "hashlib.sha3_384", "hashlib.sha3_512", "hashlib.blake2b", "hashlib.blake2s", "hashlib.shake_128",
        "hashlib.shake_256", "hashlib.new",
    ]
    static let minimumIterations = 100_000
    static let weakPasslibSchemes: Set<String> = [
        "md5_crypt", "des_crypt", "bsdi_crypt", "bigcrypt", "crypt16", "ldap_md5", "ldap_sha1", "ldap_salted_md5", "ldap_salted_sha1",
        "ldap_plaintext", "ldap_des_crypt", "ldap_md5_crypt", "hex_md4", "hex_md5", "hex_sha1", "hex_sha256", "hex_sha512",
        "plaintext", "mysql323", "mysql41", "oracle10", "postgres_md5", "lmhash", "nthash", "apr_md5_crypt", "django_salted_md5",
        "django_salted_sha1", "django_des_crypt",
    ]
    static let weakDjangoHashers: Set<String> = ["MD5PasswordHasher", "SHA1PasswordHasher", "UnsaltedMD5PasswordHasher",
                                                 "UnsaltedSHA1PasswordHasher", "CryptPasswordHasher"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        switch node {
        case .statement(let stmt):
            return checkHashers(stmt, context)
        case .expression:
            guard let call = context.call(node) else { return [] }
            return checkCall(call, context)
        case .module:
            return []
        }
    }

    // MARK: Calls

    /// Does the function that computes the hash query a breached-password range API
    /// (`https://api.pwnedpasswords.com/range/...`)?
    static func isBreachLookup(_ call: CallInfo, _ context: RuleContext) -> Bool {
        guard let scope = context.model.scope(of: call.id) else { return false }
        let function = context.model.enclosingDefinitionScope(scope)
        guard case .statement(let stmt) = context.model[function].node else { return false }
        let range = context.tree[stmt].range
        let text = context.source.text(range)
        return text.contains("pwnedpasswords.com/range") || text.contains("haveibeenpwned")
    }

    static func checkCall(_ call: CallInfo, _ context: RuleContext) -> [Finding] {
        if let name = call.name {
            if fastHashes.contains(name) {
                if let flag = call.keyword("usedforsecurity"), context.isFalse(flag) { return [] }
                let data = name == "hashlib.new" ? call.argument(1, "data") : call.argument(0, "string") ?? call.keyword("data")
                guard let data, let password = passwordIn(data, context) else { return [] }
                // Have I Been Pwned's range API is defined on SHA-1 (k-anonymity: only five hex
                // digits leave the server, nothing is stored): a lookup, not password storage.
                if name == "hashlib.sha1", isBreachLookup(call, context) { return [] }
                return [fastHash(call, name, password, context)]
            }
            if name == "hashlib.pbkdf2_hmac", let iterations = call.argument(3, "iterations"), let count = context.int(iterations), count < minimumIterations {
                return [lowCost(call, "`hashlib.pbkdf2_hmac` runs \(count) iterations", context)]
            }
            if name == "cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC", let iterations = call.argument(3, "iterations"),
               let count = context.int(iterations), count < minimumIterations {
                return [lowCost(call, "`PBKDF2HMAC` runs \(count) iterations", context)]
            }
            if name == "bcrypt.gensalt", let rounds = call.argument(0, "rounds"), let count = context.int(rounds), count < 10 {
                return [context.finding(descriptor, at: call.id, description: "`bcrypt.gensalt(rounds=\(count))`: each bcrypt round doubles the work; \(count) is far below the default of 12.",
                                        remediation: "Use the default cost (`bcrypt.gensalt()`, 12 rounds) or higher.", fix: "bcrypt.gensalt()")]
            }
            if name == "werkzeug.security.generate_password_hash", let method = call.argument(1, "method"), let value = context.string(method) {
                return checkWerkzeugMethod(call, value, context)
            }
            if name.hasPrefix("passlib.hash.") {
                let parts = name.split(separator: ".")
                if parts.count == 4, weakPasslibSchemes.contains(String(parts[2])), ["hash", "encrypt", "using", "genhash"].contains(String(parts[3])) {
                    return [context.finding(descriptor, at: call.id, description: "passlib's `\(parts[2])` is a fast or broken password scheme.",
                                            remediation: "Use `passlib.hash.argon2` or `passlib.hash.bcrypt` (or a `CryptContext` with one of them first).",
                                            fix: "argon2.hash(password)")]
                }
            }
            if name == "passlib.context.CryptContext", let schemes = call.argument(0, "schemes") {
                let first: ExprID?
                switch context.tree[schemes].kind {
                case .list(let elts, _), .tuple(let elts, _): first = elts.first
                default: first = nil
                }
                let defaultScheme = call.keyword("default").flatMap { context.string($0) } ?? first.flatMap { context.string($0) }
                if let scheme = defaultScheme, weakPasslibSchemes.contains(scheme) {
                    return [context.finding(descriptor, at: call.id, description: "`CryptContext` hashes new passwords with `\(scheme)`, a fast or broken scheme.",
                                            remediation: "Put `argon2` or `bcrypt` first and keep the old scheme only for verification (`deprecated=\"auto\"`).",
                                            fix: "CryptContext(schemes=[\"argon2\", \"\(scheme)\"], deprecated=\"auto\")")]
                }
            }
        }
        // `h = hashlib.sha256(); h.update(password)`
        if case .attribute(let receiver, "update", _) = context.tree[call.function].kind, let data = call.argument(0),
           let constructor = context.model.constructorName(of: receiver), fastHashes.contains(constructor),
           let password = passwordIn(data, context) {
            return [fastHash(call, "\(constructor)(...).update", password, context)]
        }
        return []
    }

    static func checkWerkzeugMethod(_ call: CallInfo, _ method: String, _ context: RuleContext) -> [Finding] {
        let parts = method.split(separator: ":").map(String.init)
        guard let kind = parts.first else { return [] }
        if kind == "scrypt" { return [] }
        if kind == "pbkdf2" {
            guard parts.count >= 3, let count = Int(parts[2]), count < minimumIterations else { return [] }
            return [lowCost(call, "`generate_password_hash` with `method=\"\(method)\"` runs \(count) iterations", context)]
        }
        return [context.finding(descriptor, at: call.id, description: "`generate_password_hash` with `method=\"\(WebAuthSupport.shortened(method))\"` is a single fast hash, not a key-derivation function.",
                                remediation: "Leave `method` at its default (scrypt in Werkzeug 3, PBKDF2 before) or use `\"scrypt\"`.",
                                fix: "generate_password_hash(password)")]
    }

    static func fastHash(_ call: CallInfo, _ name: String, _ password: String, _ context: RuleContext) -> Finding {
        context.finding(descriptor, at: call.id,
                        description: "`\(name)` hashes `\(WebAuthSupport.shortened(password))`, a password: fast hashes (even salted SHA-256) are brute-forced at billions of guesses per second after a leak.",
                        remediation: "Hash passwords with a slow, salted KDF: argon2 (`argon2.PasswordHasher().hash`), bcrypt, scrypt, or `hashlib.pbkdf2_hmac(\"sha256\", ..., 600_000)`; in Flask `werkzeug.security.generate_password_hash`, in Django `make_password`. Rehash on next login.",
                        fix: fixSnippet(context))
    }

    static func lowCost(_ call: CallInfo, _ what: String, _ context: RuleContext) -> Finding {
        context.finding(descriptor, at: call.id, description: "\(what), below the 100,000 minimum (OWASP recommends 600,000 for PBKDF2-HMAC-SHA256).",
                        remediation: "Raise the iteration count to at least 600,000, or switch to argon2/scrypt.",
                        fix: "hashlib.pbkdf2_hmac(\"sha256\", password, salt, 600_000)")
    }

    /// The fix that fits the project's framework.
    static func fixSnippet(_ context: RuleContext) -> String {
        for binding in context.model.bindings {
            guard case .imported(let name) = binding.kind else { continue }
            if name.hasPrefix("flask") || name.hasPrefix("werkzeug") { return "werkzeug.security.generate_password_hash(password)" }
            if name.hasPrefix("django") { return "django.contrib.auth.hashers.make_password(password)" }
        }
        return "argon2.PasswordHasher().hash(password)"
    }

    // MARK: Django settings

    static func checkHashers(_ stmt: StmtID, _ context: RuleContext) -> [Finding] {
        guard case .assign(let targets, let value, _) = context.tree[stmt].kind,
              targets.contains(where: { context.assignedName($0) == "PASSWORD_HASHERS" }) else { return [] }
        if context.isTestFile { return [] }
        let file = context.path.split(separator: "/").last.map { $0.lowercased() } ?? ""
        if file.contains("test") { return [] }
        let first: ExprID?
        switch context.tree[value].kind {
        case .list(let elts, _), .tuple(let elts, _): first = elts.first
        default: first = nil
        }
        guard let first, let path = context.string(first), let hasher = path.split(separator: ".").last.map(String.init),
              weakDjangoHashers.contains(hasher) else { return [] }
        return [context.finding(descriptor, at: stmt, description: "`PASSWORD_HASHERS` starts with `\(hasher)`: Django hashes every new password with it.",
                                remediation: "Put `Argon2PasswordHasher` (or the default `PBKDF2PasswordHasher`) first; keep old hashers after it only to upgrade existing hashes on login.",
                                fix: "PASSWORD_HASHERS = [\"django.contrib.auth.hashers.Argon2PasswordHasher\", \"django.contrib.auth.hashers.PBKDF2PasswordHasher\"]")]
    }

    // MARK: Is it a password?

    static let passwordWords: Set<String> = ["password", "passwd", "pwd", "passphrase", "passwort", "pw", "pass", "passcode"]
    static let notThePassword: Set<String> = ["reset", "forgot", "token", "url", "hash", "hashed", "digest", "salt", "hint", "policy"]

    /// Does an identifier name a password (not a URL, field, length or hash of one)?
    static func namesPassword(_ identifier: String) -> Bool {
        let words = WebAuthSupport.words(identifier)
        guard let last = words.last else { return false }
        let hasPassword = words.contains { word in
            passwordWords.contains(word) || word.contains("password") || word.contains("passwd") || word.contains("passphrase")
        }
        guard hasPassword else { return false }
        if words.contains(where: { notThePassword.contains($0) || $0.hasPrefix("hash") }) { return false }
        if WebAuthSupport.aboutWords.contains(last) { return false }
        if words.first == "is" || words.first == "has" || words.first == "check" || words.first == "verify" { return false }
        return true
    }

    /// The name of the password that flows into `expr`, following one or two local assignments.
    static func passwordIn(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> String? {
        guard depth < 3 else { return nil }
        var parts: [ExprID] = []
        WebAuthSupport.leaves(of: expr, context, into: &parts)
        for part in parts {
            if let name = WebAuthSupport.valueName(part, context) {
                if namesPassword(name) {
                    // A module imported as `pwd` (the Unix password database) is not a password.
                    if case .name = context.tree[part].kind, context.qualifiedName(part) != nil { continue }
                    return name
                }
            }
            for value in WebAuthSupport.assignedValues(of: part, context) {
                if let found = passwordIn(value, context, depth: depth + 1) { return found }
            }
        }
        return nil
    }
}

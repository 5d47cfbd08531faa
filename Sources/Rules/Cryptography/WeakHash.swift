import Findings
import PythonSyntax

/// B303/B324: MD5, SHA-1 and other broken hashes used for security.
enum WeakHash {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B324", name: "weak-hash", summary: "MD4/MD5/SHA-1 hash used for security",
        severity: .medium, confidence: .high, owasp: .a02, cwe: 327, bandit: "B324", ruff: "S324", otherAliases: ["B303", "S303"],
        what: "Finds `hashlib.md5`, `hashlib.sha1`, `hashlib.new(\"md5\"|\"sha1\"|\"md4\"|...)`, and the MD5/SHA-1 classes of `cryptography`, PyCryptodome and PyCrypto, `crypt.crypt`/`crypt.mksalt` with `METHOD_CRYPT` or `METHOD_MD5`, unless `usedforsecurity=False` is passed. The name in `hashlib.new` is folded, so `hashlib.new(ALGO)` with `ALGO = \"md5\"` is caught.",
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
        """),
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
        import crypt
        stored = crypt.crypt(password, crypt.mksalt(crypt.METHOD_SHA512))
        """),
    ], check: { check($0, $1) })

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
        if let flag = call.keyword("usedforsecurity"), context.isFalse(flag) { return [] }
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
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` computes \(algorithm), a hash with practical collision attacks; it must not protect integrity, signatures or passwords.",
                                remediation: "Use SHA-256 or better (`hashlib.sha256`); for passwords use `hashlib.scrypt`, argon2 or bcrypt. If the hash is not used for security, pass `usedforsecurity=False`.",
                                fix: name.hasPrefix("hashlib.") ? "hashlib.sha256(...)" : nil)]
    }
}

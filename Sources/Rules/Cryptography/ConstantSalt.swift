import Dataflow
import Findings
import PythonSyntax

/// A password hash or key derivation with a salt fixed in the source.
enum ConstantSalt {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-CRYPTO-CONSTANT-SALT", name: "constant-salt", summary: "Password hash or key derivation with a constant salt",
        severity: .medium, confidence: .high, owasp: .a02, cwe: 760,
        what: "Finds `hashlib.pbkdf2_hmac`, `hashlib.scrypt`, `cryptography`'s `PBKDF2HMAC` and `Scrypt`, PyCryptodome's `Crypto.Protocol.KDF.PBKDF2`/`scrypt` and `bcrypt.hashpw` called with a salt that is a constant (a literal, or a module or local constant folded to one). Calls whose password is a constant too (a published test vector) and test files are not reported; HKDF, where a fixed salt is allowed, is not checked.",
        why: "The salt exists to make each stored hash unique. With one salt for every user, equal passwords give equal hashes, and an attacker who obtains the table (and the source) computes one dictionary for all accounts instead of one per account.",
        example: "digest = hashlib.pbkdf2_hmac(\"sha256\", password, b\"D8VxSmTZt2E2YV45\", 600_000)",
        useInstead: "salt = os.urandom(16)\ndigest = hashlib.pbkdf2_hmac(\"sha256\", password, salt, 600_000)\n# store salt beside digest; or use argon2/bcrypt, which generate and store the salt",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#salting",
                     "https://cwe.mitre.org/data/definitions/760.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import hashlib
        import bcrypt
        from hashlib import pbkdf2_hmac
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
        SALT = b"application-wide-salt"

        def get_hash(password):
            return pbkdf2_hmac("sha256", password, b"D8VxSmTZt2E2YV454mkqAY5e", 100000)  # error: TL-CRYPTO-CONSTANT-SALT

        def derive(password):
            kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=SALT, iterations=600_000)  # error: TL-CRYPTO-CONSTANT-SALT
            scrypted = hashlib.scrypt(password, salt=b"", n=2**14, r=8, p=1)  # error: TL-CRYPTO-CONSTANT-SALT
            return kdf.derive(password), scrypted, bcrypt.hashpw(password, b"$2b$12$abcdefghijklmnopqrstuv")  # error: TL-CRYPTO-CONSTANT-SALT
        """),
        RuleExample("""
        import hashlib
        import os
        import bcrypt
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        def get_hash(password, salt=None):
            salt = salt or os.urandom(16)
            return salt, hashlib.pbkdf2_hmac("sha256", password, salt, 600_000)

        def check(password, stored):
            return bcrypt.hashpw(password, stored) == stored

        def vector():
            return hashlib.pbkdf2_hmac("sha1", b"password", b"salt", 1)

        def session_key(secret):
            return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"fixed", info=b"session").derive(secret)
        """),
    ], check: { check($0, $1) })

    /// KDF and password-hash calls: (password argument index and keyword, salt argument index and keyword).
    static let functions: [String: (password: (Int, String), salt: (Int?, String))] = [
        "hashlib.pbkdf2_hmac": ((1, "password"), (2, "salt")),
        "hashlib.scrypt": ((0, "password"), (nil, "salt")),
        "cryptography.hazmat.primitives.kdf.pbkdf2.PBKDF2HMAC": ((-1, ""), (2, "salt")),
        "cryptography.hazmat.primitives.kdf.scrypt.Scrypt": ((-1, ""), (0, "salt")),
        "Crypto.Protocol.KDF.PBKDF2": ((0, "password"), (1, "salt")),
        "Crypto.Protocol.KDF.scrypt": ((0, "password"), (1, "salt")),
        "Cryptodome.Protocol.KDF.PBKDF2": ((0, "password"), (1, "salt")),
        "Cryptodome.Protocol.KDF.scrypt": ((0, "password"), (1, "salt")),
        "bcrypt.hashpw": ((0, "password"), (1, "salt")),
    ]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard !context.isTestFile, let call = context.call(node), let name = call.name, let spec = functions[name] else { return [] }
        let salt = spec.salt.0.flatMap { call.argument($0, spec.salt.1) } ?? call.keyword(spec.salt.1)
        guard let salt, isConstantText(salt, context) else { return [] }
        // A constant password too: a known-answer test vector, not a stored password.
        if spec.password.0 >= 0, let password = call.argument(spec.password.0, spec.password.1), isConstantText(password, context) { return [] }
        let short = String(name.split(separator: ".").last ?? "")
        return [context.finding(descriptor, at: call.id,
                                description: "`\(short)` is given the constant salt `\(context.text(salt, limit: 12))`: every password is hashed with the same salt, so equal passwords get equal hashes and one precomputed dictionary serves all accounts.",
                                remediation: "Generate a random salt per password (`os.urandom(16)`) and store it with the hash, or use a password hasher that does it for you (argon2-cffi, `bcrypt.hashpw(pw, bcrypt.gensalt())`, Django's `make_password`).",
                                fix: "salt = os.urandom(16)")]
    }

    static func isConstantText(_ expr: ExprID, _ context: RuleContext) -> Bool {
        switch context.constant(expr) {
        case .bytes?, .str?: return true
        default: return false
        }
    }
}

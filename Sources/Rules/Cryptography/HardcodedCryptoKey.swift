import Dataflow
import Findings
import PythonSyntax

/// Encryption and MAC keys, IVs and nonces written into the source.
enum HardcodedCryptoKey {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-CRYPTO-HARDCODED-KEY", name: "hardcoded-crypto-key", summary: "Encryption key, IV or nonce fixed in the source",
        severity: .high, confidence: .high, owasp: .a02, cwe: 321,
        what: "Finds a constant (a literal, or a module constant folded to one) used as the key of a cipher or MAC (PyCryptodome/PyCrypto `AES.new`, `DES3.new`, `ChaCha20.new`, ..., `cryptography`'s `algorithms.AES(...)`, `Fernet(...)`, `AESGCM(...)`, `ChaCha20Poly1305(...)`, `hmac.new(...)`, `HMAC(...)`), and a constant IV or nonce (`iv=`/`nonce=`, `modes.CBC(b\"...\")`, `b\"x\" * AES.block_size`, also through one local variable, `AESGCM(key).encrypt(b\"...\", ...)`). A constant IV is medium severity (CWE-329); a key is high (CWE-321). `os.urandom`, `secrets.token_bytes`, `get_random_bytes`, keys read from the environment or a file are not reported.",
        why: "A key in the source is in every copy of the code, its history and its builds: whoever reads any of them decrypts or forges everything. A fixed IV or nonce makes equal plaintexts encrypt alike (CBC) or, for CTR/GCM, lets an attacker recover plaintext and forge messages.",
        example: "cipher = AES.new(b\"0123456789abcdef\", AES.MODE_CBC, iv=b\"\\x00\" * 16)",
        useInstead: "key = base64.b64decode(os.environ[\"DATA_KEY\"])\ncipher = AES.new(key, AES.MODE_GCM)  # a fresh random nonce per message",
        references: ["https://cwe.mitre.org/data/definitions/321.html", "https://cwe.mitre.org/data/definitions/329.html",
                     "https://cheatsheetseries.owasp.org/cheatsheets/Cryptographic_Storage_Cheat_Sheet.html"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import hmac, hashlib
        from Crypto.Cipher import AES
        from cryptography.fernet import Fernet
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
        KEY = b"0123456789abcdef0123456789abcdef"
        def seal(data):
            a = AES.new(KEY, AES.MODE_CBC, iv=b"fedcba9876543210")  # error: TL-CRYPTO-HARDCODED-KEY, TL-CRYPTO-HARDCODED-KEY[CWE-329]
            b = Cipher(algorithms.AES(key_from_vault()), modes.CBC(b"\\x00" * 16))  # error: TL-CRYPTO-HARDCODED-KEY[CWE-329]
            c = Fernet(b"ZmRzZmRzZmRzZmRzZmRzZmRzZmRzZmRzZmRzZmRzZmQ=")  # error: TL-CRYPTO-HARDCODED-KEY
            d = hmac.new(b"signing-key", data, hashlib.sha256)  # error: TL-CRYPTO-HARDCODED-KEY
            return a, b, c, d

        def static(data, key):
            static_vector = b"x" * AES.block_size
            return AES.new(key, AES.MODE_CBC, static_vector)  # error: TL-CRYPTO-HARDCODED-KEY[CWE-329]
        """),
        RuleExample("""
        import hmac, hashlib, os, secrets
        from Crypto.Cipher import AES
        from Crypto.Random import get_random_bytes
        from cryptography.fernet import Fernet
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
        def seal(data, key):
            a = AES.new(key, AES.MODE_GCM)
            b = Cipher(algorithms.AES(key), modes.CBC(os.urandom(16)))
            c = Fernet(os.environ["FERNET_KEY"])
            d = hmac.new(key, data, hashlib.sha256)
            e = AES.new(key, AES.MODE_CBC, iv=get_random_bytes(16))
            f = Fernet(Fernet.generate_key())
            return a, b, c, d, e, f

        def fresh(data, key):
            vector = os.urandom(AES.block_size)
            padding = b"\\x00" * AES.block_size
            return AES.new(key, AES.MODE_CBC, vector).encrypt(data + padding)
        """),
    ], check: { check($0, $1) })

    /// Calls whose key is argument 0 (or the keyword).
    static let keyed: [String: String] = {
        var table: [String: String] = [:]
        for package in ["Crypto", "Cryptodome"] {
            for cipher in ["AES", "DES", "DES3", "ARC2", "ARC4", "Blowfish", "CAST", "ChaCha20", "ChaCha20_Poly1305", "Salsa20"] {
                table["\(package).Cipher.\(cipher).new"] = "key"
            }
            table["\(package).Hash.HMAC.new"] = "key"
        }
        for algorithm in ["AES", "AES128", "AES256", "Camellia", "ChaCha20", "TripleDES", "Blowfish", "CAST5", "SEED", "SM4"] {
            table["cryptography.hazmat.primitives.ciphers.algorithms.\(algorithm)"] = "key"
        }
        for aead in ["AESGCM", "AESCCM", "AESOCB3", "AESSIV", "ChaCha20Poly1305"] {
            table["cryptography.hazmat.primitives.ciphers.aead.\(aead)"] = "key"
        }
        table["cryptography.fernet.Fernet"] = "key"
        table["cryptography.hazmat.primitives.hmac.HMAC"] = "key"
        table["hmac.new"] = "key"
        table["hmac.digest"] = "key"
        return table
    }()
    /// Mode constructors whose IV or nonce is argument 0.
    static let modes: Set<String> = ["CBC", "CFB", "CFB8", "OFB", "CTR", "GCM", "XTS"].reduce(into: []) {
        $0.insert("cryptography.hazmat.primitives.ciphers.modes.\($1)")
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name else { return [] }
        var findings: [Finding] = []
        if let keyword = keyed[name], let key = call.argument(0, keyword), isConstantBytes(key, context) {
            findings.append(context.finding(descriptor, at: key,
                                            description: "`\(name)` is given the constant key \(redacted(key, context)): everyone with the source can decrypt or forge what it protects.",
                                            remediation: "Load the key at run time from a secret store or the environment (`os.environ[...]`), and rotate the one in the source: it stays in the history.",
                                            fix: "key = base64.b64decode(os.environ[\"DATA_KEY\"])", redactions: context.credentialSpans(key)))
        }
        var iv: ExprID?
        if modes.contains(name) { iv = call.argument(0, "initialization_vector") ?? call.keyword("nonce") ?? call.keyword("tweak") }
        if name.hasSuffix(".new"), name.contains(".Cipher.") { iv = call.keyword("iv") ?? call.keyword("nonce") ?? call.argument(2) }
        if let iv, isConstantBytes(iv, context) {
            findings.append(context.finding(descriptor, at: iv,
                                            description: "`\(name)` uses the constant IV/nonce \(redacted(iv, context)): every message is encrypted with the same one.",
                                            remediation: "Generate a fresh random IV or nonce for each message (`os.urandom(16)`, `get_random_bytes(12)`) and store it beside the ciphertext.",
                                            fix: "iv = os.urandom(16)", severity: .medium, properties: ["cwe": "CWE-329"],
                                            redactions: context.credentialSpans(iv)))
        }
        return findings
    }

    /// A bytes or str constant of at least 8 characters (shorter ones are test stubs or
    /// placeholders), also through a module constant or `b"\x00" * 16`.
    static func isConstantBytes(_ expr: ExprID, _ context: RuleContext, depth: Int = 0) -> Bool {
        switch context.constant(expr) {
        case .bytes(let b)?: return b.count >= 8
        case .str(let s)?: return s.utf8.count >= 8
        default:
            // `b"x" * 16`, `b"\0" * AES.block_size`: a repeated literal is as fixed as the literal.
            if case .binOp(let left, .mult, let right) = context.tree[expr].kind, isRepeatCount(right, context),
               case .bytes? = context.constant(left) { return true }
            // `iv = b"x" * 16` then `modes.CBC(iv)`: one local assignment.
            if depth == 0, let bound = context.model.assignedValue(of: expr) {
                return isConstantBytes(bound, context, depth: 1)
            }
            if case .call = context.tree[expr].kind, let call = context.call(expr), call.name == "builtins.bytes" || call.name == "bytes.fromhex" || call.name == "builtins.bytes.fromhex",
               let argument = call.args.first, context.constant(argument) != nil { return true }
            return false
        }
    }

    /// An int constant, or a cipher's `block_size` (`AES.block_size`).
    static func isRepeatCount(_ expr: ExprID, _ context: RuleContext) -> Bool {
        if context.int(expr) != nil { return true }
        if case .attribute(_, "block_size", _) = context.tree[expr].kind { return true }
        return false
    }

    /// The key or IV as output shows it: the redacted form of its literal (as in masked source),
    /// or its code when it is built from one (`b"\\x00" * 16` names no secret).
    static func redacted(_ expr: ExprID, _ context: RuleContext) -> String {
        let spans = context.credentialSpans(expr)
        guard let first = spans.first else { return "`\(context.text(expr, limit: 30))`" }
        if case .constant = context.tree[expr].kind { return first.replacement }
        if case .name = context.tree[expr].kind { return "`\(context.text(expr, limit: 30))` (\(first.replacement))" }
        return "`" + RedactedSpan.mask(context.text(expr, limit: 200), spans) + "`"
    }
}

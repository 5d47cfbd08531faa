import Dataflow
import Findings
import PythonSyntax

/// B304: broken or weak ciphers.
enum WeakCipher {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B304", name: "weak-cipher", summary: "broken cipher (DES, 3DES, RC2, RC4, Blowfish, IDEA, XOR)",
        severity: .high, confidence: .high, owasp: .a02, cwe: 327, bandit: "B304", ruff: "S304",
        what: "Finds ciphers known to be broken or too weak, from `cryptography` (`ARC4`, `Blowfish`, `IDEA`, `TripleDES`, `CAST5`, `SEED`) and PyCrypto/PyCryptodome (`ARC2`, `ARC4`, `Blowfish`, `DES`, `DES3`, `XOR`).",
        why: "These ciphers have small blocks or keys or known biases; encrypted data can be recovered (Sweet32, RC4 biases, brute force of DES).",
        example: "cipher = DES.new(key, DES.MODE_CBC, iv)",
        useInstead: "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\nct = AESGCM(key).encrypt(nonce, data, None)",
        references: [RuleDoc.bandit("blacklists/blacklist_calls.html#b304-b305-ciphers-and-modes")])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from Crypto.Cipher import DES, ARC4
        from cryptography.hazmat.primitives.ciphers import algorithms
        c1 = DES.new(key, DES.MODE_CBC, iv)  # error: TL-B304
        c2 = ARC4.new(key)  # error: TL-B304
        c3 = algorithms.TripleDES(key)  # error: TL-B304
        """),
        RuleExample("""
        from Crypto.Cipher import AES
        from cryptography.hazmat.primitives.ciphers import algorithms
        c1 = AES.new(key, AES.MODE_GCM)
        c2 = algorithms.AES(key)
        """),
    ], check: { check($0, $1) })

    static let weak: Set<String> = {
        var names: Set<String> = []
        for algo in ["ARC4", "Blowfish", "IDEA", "TripleDES", "CAST5", "SEED"] {
            names.insert("cryptography.hazmat.primitives.ciphers.algorithms." + algo)
            names.insert("cryptography.hazmat.decrepit.ciphers.algorithms." + algo)
        }
        for package in ["Crypto", "Cryptodome"] {
            for algo in ["ARC2", "ARC4", "Blowfish", "DES", "DES3", "XOR", "CAST"] { names.insert("\(package).Cipher.\(algo).new") }
        }
        return names
    }()

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, weak.contains(name) else { return [] }
        let parts = name.split(separator: ".")
        let algo = parts.last == "new" ? String(parts[parts.count - 2]) : String(parts.last ?? "")
        return [context.finding(descriptor, at: call.id,
                                description: "`\(name)` uses the \(algo) cipher, which is broken or too weak to protect data.",
                                remediation: "Use AES-GCM or ChaCha20-Poly1305 (`cryptography.hazmat.primitives.ciphers.aead`).")]
    }
}

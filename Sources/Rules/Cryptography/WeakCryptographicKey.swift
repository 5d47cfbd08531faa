import Dataflow
import Findings
import PythonSyntax

/// B505: RSA/DSA keys shorter than 2048 bits, EC curves under 224 bits.
enum WeakCryptographicKey {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B505", name: "weak-cryptographic-key", summary: "RSA/DSA key under 2048 bits or weak EC curve",
        severity: .high, confidence: .high, owasp: .a02, cwe: 326, bandit: "B505", ruff: "S505",
        what: "Finds key generation with `cryptography` (`rsa.generate_private_key`, `dsa.generate_private_key`, `ec.generate_private_key`) and PyCrypto/PyCryptodome (`RSA.generate`, `DSA.generate`) whose key size (folded from constants) is below 2048 bits (High under 1024, Medium under 2048), or whose curve is below 224 bits.",
        why: "Short keys can be factored or broken with affordable computing power; everything they protect can then be forged or read.",
        example: "key = rsa.generate_private_key(public_exponent=65537, key_size=1024)",
        useInstead: "key = rsa.generate_private_key(public_exponent=65537, key_size=3072)",
        references: [RuleDoc.bandit("plugins/b505_weak_cryptographic_key.html"), "https://csrc.nist.gov/publications/detail/sp/800-131a/rev-2/final"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from cryptography.hazmat.primitives.asymmetric import rsa, dsa, ec
        from Crypto.PublicKey import RSA
        BITS = 512 * 2
        k1 = rsa.generate_private_key(public_exponent=65537, key_size=BITS)  # error: TL-B505
        k2 = dsa.generate_private_key(key_size=1024)  # error: TL-B505
        k3 = ec.generate_private_key(ec.SECP192R1())  # error: TL-B505
        k4 = RSA.generate(512)  # error: TL-B505
        """),
        RuleExample("""
        from cryptography.hazmat.primitives.asymmetric import rsa, ec
        k1 = rsa.generate_private_key(public_exponent=65537, key_size=4096)
        k2 = ec.generate_private_key(ec.SECP384R1())
        k3 = rsa.generate_private_key(public_exponent=65537, key_size=size)
        """),
    ], check: { check($0, $1) })

    static let sizeFunctions: [String: (kind: String, position: Int, keyword: String)] = [
        "cryptography.hazmat.primitives.asymmetric.rsa.generate_private_key": ("RSA", 1, "key_size"),
        "cryptography.hazmat.primitives.asymmetric.dsa.generate_private_key": ("DSA", 0, "key_size"),
        "Crypto.PublicKey.RSA.generate": ("RSA", 0, "bits"), "Crypto.PublicKey.DSA.generate": ("DSA", 0, "bits"),
        "Cryptodome.PublicKey.RSA.generate": ("RSA", 0, "bits"), "Cryptodome.PublicKey.DSA.generate": ("DSA", 0, "bits"),
    ]
    static let weakCurves: Set<String> = ["SECP192R1", "SECT163K1", "SECT163R2"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name else { return [] }
        if let spec = sizeFunctions[name] {
            guard let sizeExpr = call.argument(spec.position, spec.keyword), let size = context.int(sizeExpr), size < 2048 else { return [] }
            return [context.finding(descriptor, at: call.id, description: "`\(name)` generates a \(size)-bit \(spec.kind) key; at least 2048 bits are required.",
                                    remediation: "Use `\(spec.keyword)=3072` (or 2048 at the very least).", fix: "\(spec.keyword)=3072",
                                    severity: size < 1024 ? .high : .medium)]
        }
        if name == "cryptography.hazmat.primitives.asymmetric.ec.generate_private_key", let curve = call.argument(0, "curve") {
            var curveName = context.qualifiedName(curve)
            if case .call(let f, _, _) = context.tree[curve].kind { curveName = context.qualifiedName(f) }
            guard let last = curveName?.split(separator: ".").last.map(String.init), weakCurves.contains(last) else { return [] }
            return [context.finding(descriptor, at: call.id, description: "`ec.generate_private_key` uses the \(last) curve, which offers under 112 bits of security.",
                                    remediation: "Use `ec.SECP256R1()` or stronger (or Ed25519).", severity: .medium)]
        }
        return []
    }
}

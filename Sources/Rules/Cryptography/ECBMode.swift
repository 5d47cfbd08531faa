import Dataflow
import Findings
import PythonSyntax

/// B305: the ECB block-cipher mode.
enum ECBMode {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B305", name: "cipher-ecb-mode", summary: "block cipher in ECB mode",
        severity: .medium, confidence: .high, owasp: .a02, cwe: 327, bandit: "B305", ruff: "S305",
        what: "Finds `cryptography`'s `modes.ECB()` and PyCrypto/PyCryptodome `*.new(key, *.MODE_ECB)`.",
        why: "ECB encrypts equal blocks to equal ciphertext, so patterns in the data stay visible and blocks can be reordered or replayed.",
        example: "cipher = Cipher(algorithms.AES(key), modes.ECB())",
        useInstead: "from cryptography.hazmat.primitives.ciphers.aead import AESGCM\nAESGCM(key).encrypt(nonce, data, None)",
        references: [RuleDoc.bandit("blacklists/blacklist_calls.html#b304-b305-ciphers-and-modes")])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
        from Crypto.Cipher import AES
        c = Cipher(algorithms.AES(key), modes.ECB())  # error: TL-B305
        d = AES.new(key, AES.MODE_ECB)  # error: TL-B305
        """),
        RuleExample("""
        from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
        from Crypto.Cipher import AES
        c = Cipher(algorithms.AES(key), modes.CBC(iv))
        d = AES.new(key, AES.MODE_GCM)
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name else { return [] }
        if name == "cryptography.hazmat.primitives.ciphers.modes.ECB" {
            return [context.finding(descriptor, at: call.id, description: "`modes.ECB()` encrypts equal blocks to equal ciphertext, leaking patterns in the data.",
                                    remediation: "Use an authenticated mode: AES-GCM (`AESGCM`) or ChaCha20-Poly1305.")]
        }
        guard (name.hasPrefix("Crypto.Cipher.") || name.hasPrefix("Cryptodome.Cipher.")) && name.hasSuffix(".new"),
              let mode = call.argument(1, "mode"), let modeName = context.qualifiedName(mode), modeName.hasSuffix(".MODE_ECB") else { return [] }
        return [context.finding(descriptor, at: call.id, description: "`\(name)` is created with `\(context.text(mode))`: equal plaintext blocks give equal ciphertext.",
                                remediation: "Use `MODE_GCM` (authenticated) with a fresh nonce per message.")]
    }
}

import Dataflow
import Findings
import PythonSyntax

/// B413: import of `Crypto`.
enum ImportPycrypto {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B413", name: "import-pycrypto", summary: "pycrypto imported (unmaintained)",
        severity: .medium, confidence: .high, owasp: .a06, cwe: 1104, bandit: "B413", ruff: "S413",
        what: "Reports imports of `Crypto` (pycrypto). It is a reminder at import level; the call-level rules report the dangerous uses with more precision.",
        why: "pycrypto is unmaintained and has known vulnerabilities (CVE-2013-7459).",
        example: "from Crypto.Cipher import AES",
        useInstead: "from cryptography.hazmat.primitives.ciphers.aead import AESGCM",
        references: [RuleDoc.bandit("blacklists/blacklist_imports.html")])

    static let modules = ["Crypto"]

    static let rule = Rule(descriptor, on: [.import, .importFrom, .call], examples: [
        RuleExample("""
        from Crypto.Cipher import AES  # error: TL-B413
        """),
        RuleExample("""
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        import typing
        if typing.TYPE_CHECKING:
            from Crypto.PublicKey.RSA import RsaKey
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        ImportBlacklist.check(node, context, descriptor: descriptor, modules: modules,
                              why: "pycrypto is unmaintained and has known vulnerabilities (CVE-2013-7459).", instead: "Use `cryptography`, or pycryptodome under the `Cryptodome` namespace.")
    }
}

/// How a secret is shown anywhere in output: never whole. `ghp_…(40 chars, sha256:1a2b3c4d5e6f)`.
public enum Redaction {
    /// Characters of the secret kept in the clear: enough to tell the provider, far too few to use it.
    static let shownPrefix = 4

    /// The redacted form of `secret`: its first 4 characters (fewer for short secrets), its length
    /// and the first 12 hex digits of its SHA-256.
    public static func redact(_ secret: [UInt8]) -> String {
        let count = String(decoding: secret, as: UTF8.self).count
        let shown = min(shownPrefix, max(0, count / 4))
        let prefix = String(String(decoding: secret, as: UTF8.self).prefix(shown))
        return "\(prefix)…(\(count) chars, sha256:\(String(SHA256.hex(secret).prefix(12))))"
    }
}

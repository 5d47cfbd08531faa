/// Byte literals the detectors look for.
enum Lit {
    static let akia = Array("AKIA".utf8), asia = Array("ASIA".utf8), aiza = Array("AIza".utf8)
    static let gh = Array("gh".utf8), githubPat = Array("github_pat_".utf8), glpat = Array("glpat-".utf8)
    static let ghKinds: Set<UInt8> = Set("pousr".utf8)
    static let xox = Array("xox".utf8)
    static let slackKinds: Set<UInt8> = Set("baprs".utf8)
    static let slackHook = Array("https://hooks.slack.com/services/".utf8)
    static let skLive = Array("sk_live_".utf8), rkLive = Array("rk_live_".utf8)
    static let skDash = Array("sk-".utf8), skAnt = Array("sk-ant-".utf8), skProj = Array("sk-proj-".utf8)
    static let shpat = Array("shpat_".utf8), shpss = Array("shpss_".utf8)
    static let sg = Array("SG.".utf8), npm = Array("npm_".utf8), pypi = Array("pypi-AgEIcHlwaS5vcmc".utf8)
    static let dop = Array("dop_v1_".utf8), eyJ = Array("eyJ".utf8)
    static let beginMarker = Array("-----BEGIN ".utf8), endMarker = Array("-----END".utf8)
    static let privateKey = Array("PRIVATE KEY".utf8), dashes = Array("-----".utf8)
    static let schemeSeparator = Array("://".utf8)
    static let allowlist = Array("pragma: allowlist secret".utf8)
    static let allowlistNextLine = Array("pragma: allowlist nextline secret".utf8)
    static let passwordSchemes: Set<String> = ["postgres", "postgresql", "mysql", "mariadb", "mongodb", "redis", "rediss", "amqp", "amqps", "http", "https", "mssql", "oracle", "ftp", "sftp", "smtp", "ldap", "ldaps"]

    static let aws = Array("aws".utf8), secret = Array("secret".utf8), secretKey = Array("secret_key".utf8)
    static let sensitiveWordBytes = sensitiveWords.map { Array($0.utf8) }
    static let nonSecretKeyPartBytes = nonSecretKeyParts.map { Array($0.utf8) }
    /// Parts of a name that mark a credential.
    static let sensitiveWords = ["password", "passwd", "passphrase", "pwd", "secret", "token", "api_key", "apikey", "api-key", "access_key", "private_key", "privatekey", "credential", "auth"]
    /// Parts of a name that say the value is about a credential, not the credential.
    static let nonSecretKeyParts = ["author", "_type", "type_", "_name", "_field", "_file", "_path", "_url", "_uri", "_length", "_len", "_header", "_expir", "_ttl", "_timeout", "_endpoint", "_method", "_backend", "_class", "_policy", "_min", "_max", "_hash"]
}

/// Values that stand for a secret without being one.
enum Placeholder {
    static let markers = ["changeme", "change_me", "change-me", "changeit", "xxx", "example", "dummy", "test", "placeholder", "your_", "your-",
                          "yourkey", "yourpass", "yoursecret", "<", ">", "redacted", "sample", "fake", "todo", "replace", "insert", "here",
                          "***", "${", "\\(", "{{", "}}", "%(", "$(", "...", "…"]
    static let words: Set<String> = ["none", "null", "nil", "true", "false", "password", "passwd", "secret", "token", "pass", "pwd", "undefined", "empty"]
    static let referencePrefixes = ["$", "os.environ", "os.getenv", "getenv", "environ", "env(", "env.", "settings.", "config.", "process.env", "!", "enc[", "vault:", "ref+", "secretref", "%"]

    static func isPlaceholder(_ value: [UInt8], key: String?) -> Bool {
        guard let first = value.first else { return true }
        if value.allSatisfy({ $0 == first }) { return true }
        let lower = String(decoding: value, as: UTF8.self).lowercased()
        if words.contains(lower) || lower == key { return true }
        if markers.contains(where: { lower.contains($0) }) { return true }
        if referencePrefixes.contains(where: { lower.hasPrefix($0) }) { return true }
        return false
    }
}

/// base64url (and plain base64) decoding without padding, for JWT headers.
enum Base64URL {
    static func decode<C: Collection>(_ text: C) -> [UInt8]? where C.Element == UInt8 {
        var out: [UInt8] = []
        var buffer: UInt32 = 0, bits = 0
        for c in text {
            let v: UInt32
            switch c {
            case 65...90: v = UInt32(c - 65)
            case 97...122: v = UInt32(c - 97 + 26)
            case 48...57: v = UInt32(c - 48 + 52)
            case 45, 43: v = 62
            case 95, 47: v = 63
            case 61: continue
            default: return nil
            }
            buffer = (buffer << 6) | v
            bits += 6
            if bits >= 8 { bits -= 8; out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits))) ; buffer &= (1 << UInt32(bits)) - 1 }
        }
        return out
    }
}

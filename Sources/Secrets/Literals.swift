import Foundation

/// Byte literals the detectors look for.
enum Lit {
    static let akia = Array("AKIA".utf8), asia = Array("ASIA".utf8), abia = Array("ABIA".utf8), acca = Array("ACCA".utf8), aiza = Array("AIza".utf8)
    /// Names under which a UUID is an API key (Heroku, Snyk, Octopus ...); under `token` it is usually a request or lock id.
    static let uuidKeyWords = ["heroku", "api_key", "apikey", "api-key", "secret", "access_key"].map { Array($0.utf8) }
    static let keyWord = Array("key".utf8), keyUnderscore = Array("key_".utf8)
    static let pass = Array("pass".utf8), underscorePass = Array("_pass".utf8), dashPass = Array("-pass".utf8)
    static let env = Array("ENV ".utf8), arg = Array("ARG ".utf8)
    static let typeNames = ["string", "String", "str", "byte", "bytes", "char"].map { Array($0.utf8) }
    static let basicAuthMarkers = ["BasicAuth(", "auth=(", "auth = ("].map { Array($0.utf8) }
    static let basicHeader = Array("Basic ".utf8)
    static let dotFormat = Array(".format(".utf8)
    static let mailchimpSuffix = Array("-us".utf8), bearer = Array("Bearer ".utf8), bearerLower = Array("bearer ".utf8)
    static let discordHooks = ["https://discord.com/api/webhooks/", "https://discordapp.com/api/webhooks/", "https://ptb.discord.com/api/webhooks/", "https://canary.discord.com/api/webhooks/"].map { Array($0.utf8) }
    static let netrcPassword = Array("password".utf8), heroku = Array("heroku".utf8), privateKeyBlock = Array("PRIVATE KEY BLOCK".utf8)
    static let gh = Array("gh".utf8), githubPat = Array("github_pat_".utf8), glpat = Array("glpat-".utf8)
    static let ghKinds: Set<UInt8> = Set("pousr".utf8)
    static let xox = Array("xox".utf8)
    static let slackKinds: Set<UInt8> = Set("bapcrs".utf8)
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
    /// Names of passwords: any literal that is not a placeholder is worth reporting, random or not.
    static let passwordWords = ["password", "passwd", "passphrase", "pwd"].map { Array($0.utf8) }
    /// Parts of a `...key` name that say the key is public or not a credential at all.
    static let nonSecretKeyNameBytes = ["public", "publishable", "pub_key", "pubkey", "site_key", "sitekey", "primary", "foreign", "sort_key", "cache_key",
                                        "partition", "idempotency", "hotkey", "monkey", "turkey", "whiskey", "hash_key", "range_key", "lookup_key", "dict_key",
                                        "map_key", "key_key", "storage_key", "redis_key", "s3_key", "s3key", "object_key", "objectkey", "translation", "i18n", "label_key", "keyword", "result_key", "tag_key", "tagkey", "group_key", "groupkey", "row_key", "rowkey", "natural_key", "unique_key", "key_prefix", "keypair_name", "key_pair"].map { Array($0.utf8) }
    /// Parts of a name that say the value is about a credential, not the credential.
    static let nonSecretKeyParts = ["author", "_type", "type_", "_name", "_field", "_file", "_path", "_url", "_uri", "_length", "_len", "_header", "_expir", "_ttl", "_timeout", "_endpoint", "_method", "_backend", "_class", "_policy", "_min", "_max", "_hash", "key_id", "keyid", "token_id", "_arn", "_prefix", "_format", "_regex", "_pattern", "_label", "_prompt", "_placeholder", "_param", "_key_name", "_env", "_var", "_count", "_size", "_version", "_id", "sha1", "sha256", "sha512", "md5", "digest", "checksum", "fingerprint",
        // Pagination, idempotency and concurrency tokens are opaque but not credentials.
        "nexttoken", "next_token", "pagetoken", "page_token", "changetoken", "change_token", "locktoken", "lock_token", "idempotency", "continuation",
        "cursor", "secretsmanager", "secretmanager", "secret_manager", "clienttoken", "client_token", "synctoken", "sync_token", "csrf", "xsrf"]
}

/// Values that stand for a secret without being one.
enum Placeholder {
    static let markers = ["changeme", "change_me", "change-me", "changeit", "xxx", "example", "dummy", "test", "placeholder", "your_", "your-",
                          "yourkey", "yourpass", "yoursecret", "<", ">", "redacted", "sample", "fake", "todo", "replace", "insert", "here",
                          "***", "${", "\\(", "{{", "}}", "%(", "$(", "...", "…"]
    static let words: Set<String> = ["none", "null", "nil", "true", "false", "password", "passwd", "secret", "token", "pass", "pwd", "undefined", "empty"]
    static let referencePrefixes = ["$", "os.environ", "os.getenv", "getenv", "environ", "env(", "env.", "settings.", "config.", "process.env", "enc[", "vault:", "ref+", "secretref", "arn:", "sha256:", "sha384-", "sha512-", "sha1:", "md5:", "data:", "file:", "@microsoft.keyvault",
                                    // Password hashes (Django, passlib, crypt): what a server stores, not what a client sends.
                                    "pbkdf2_", "pbkdf2:", "argon2", "bcrypt$", "bcrypt_sha256$", "scrypt:", "sha1$", "md5$", "{ssha}", "{sha}"]

    /// A provider-shaped token whose body is filler: `EXAMPLE`, a run of `x`, or one repeated character.
    static func isTokenFiller(_ token: ArraySlice<UInt8>) -> Bool {
        let lower = token.map { Bytes.isUpper($0) ? $0 + 32 : $0 }
        return Bytes.contains(lower, Array("example".utf8)) || Bytes.contains(lower, Array("xxxxx".utf8)) || Bytes.contains(lower, Array("00000000".utf8))
            || Bytes.contains(lower, Array("placeholder".utf8)) || Bytes.contains(lower, Array("redacted".utf8)) || Bytes.contains(lower, Array("abcdefgh".utf8))
            || Bytes.contains(lower, Array("1234567890".utf8)) && !token.contains(where: Bytes.isLower)
    }

    static func isPlaceholder(_ value: [UInt8], key: String?) -> Bool {
        guard let first = value.first else { return true }
        if value.allSatisfy({ $0 == first }) { return true }
        let lower = String(decoding: value, as: UTF8.self).lowercased()
        if words.contains(lower) || lower == key { return true }
        if markers.contains(where: { lower.contains($0) }) { return true }
        // A format field (`'{password}'` in an f-string or a template) names the value.
        if value.contains(123) && value.contains(125) { return true }
        if referencePrefixes.contains(where: { lower.hasPrefix($0) }) { return true }
        // `%DB_PASSWORD%` (Windows), `!vault` / `!Ref` (YAML tags): references, not values.
        if value.count > 2 && first == 37 && value.last == 37 { return true }
        if first == 33 && value.count > 1 && value.dropFirst().allSatisfy({ Bytes.isUpper($0) || Bytes.isLower($0) }) { return true }
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

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && self[(count - suffix.count)...].elementsEqual(suffix) }
}

/// What makes a literal under a credential-like name a credential.
enum Generic {
    /// `encryption_key`, `ALGOLIA_ADMIN_KEY`, `signingKey`: a key by name, unless the name says it is public or a lookup key.
    static func isKeyName(_ key: [UInt8]) -> Bool {
        (key.ends(with: Lit.keyWord) || Bytes.contains(key, Lit.keyUnderscore))
            && !Lit.nonSecretKeyNameBytes.contains(where: { Bytes.contains(key, $0) })
    }

    static func isPasswordName(_ key: [UInt8]) -> Bool {
        Lit.passwordWords.contains(where: { Bytes.contains(key, $0) }) || key == Lit.pass
            || key.ends(with: Lit.underscorePass) || key.ends(with: Lit.dashPass)
    }

    /// `abcd efgh ijkl mnop`: 16 lower-case letters in groups of four (Google app passwords).
    static func isAppPassword(_ v: [UInt8]) -> Bool {
        guard v.count == 19, Set(v).count > 8 else { return false }
        for (k, c) in v.enumerated() { if k % 5 == 4 { if c != 32 { return false } } else if !Bytes.isLower(c) { return false } }
        return true
    }

    /// `2016-09-21T23:00:00Z`, `2024-01-01`.
    static func isTimestamp(_ v: [UInt8]) -> Bool {
        v.count >= 10 && v[0..<4].allSatisfy(Bytes.isDigit) && v[4] == 45 && v[5..<7].allSatisfy(Bytes.isDigit) && v[7] == 45
    }

    /// A regular expression (`(?=\s|#)`, `[!#$%&'*+.^_0-9A-Za-z-]+`): a pattern for secrets, not one.
    static func isRegex(_ v: [UInt8]) -> Bool {
        let text = String(decoding: v, as: UTF8.self)
        return ["(?", "\\s", "\\d", "\\w", "\\b", "[^", "a-z", "A-Z", "0-9", ".*", ".+", "\\."].contains(where: { text.contains($0) })
            || (text.hasPrefix("^") && text.hasSuffix("$"))
    }

    /// 8-4-4-4-12 hex digits.
    static func isUUID(_ v: [UInt8]) -> Bool {
        guard v.count == 36 else { return false }
        for (k, c) in v.enumerated() {
            if k == 8 || k == 13 || k == 18 || k == 23 { if c != 45 { return false } } else if !Bytes.isHex(c) { return false }
        }
        return v.contains(where: { Bytes.isHex($0) && !Bytes.isDigit($0) }) && Set(v).count > 6
    }

    /// `ServerlessV2FeaturesSupport`, `aws-codepipeline-us-east-1`: words and numbers joined, each
    /// 4+ characters on average, where random material changes class every 2 or 3 characters.
    static func isWordy(_ v: [UInt8]) -> Bool {
        var runs = 0, letters = 0
        var previous: Int = -1  // 0 lower, 1 upper, 2 digit, 3 separator
        for c in v {
            let cls = Bytes.isLower(c) ? 0 : Bytes.isUpper(c) ? 1 : Bytes.isDigit(c) ? 2 : 3
            if cls != 3 {
                letters += 1
                // A new run starts at a separator and at every change of class except upper to lower (`Word`).
                if previous == 3 || previous == -1 || (cls != previous && !(cls == 0 && previous == 1)) { runs += 1 }
            }
            previous = cls
        }
        if runs > 0 && Double(letters) / Double(runs) >= 4.5 { return true }
        // `access_logs.s3.enabled`, `aws:SourceVpc`: separated pieces, each a word, a number or a short abbreviation.
        let pieces = v.split(whereSeparator: { $0 == 46 || $0 == 95 || $0 == 45 || $0 == 58 || $0 == 47 })
        guard pieces.count >= 2, pieces.count * 3 >= v.count / 4 || pieces.count >= 3 else { return false }
        return pieces.allSatisfy { piece in
            if piece.allSatisfy(Bytes.isDigit) || (piece.count <= 3 && piece.allSatisfy({ Bytes.isLower($0) || Bytes.isDigit($0) })) { return true }
            // One or more words (`enableServerSideEncryption`), each 2+ letters, then digits.
            var k = piece.startIndex
            while k < piece.endIndex && !Bytes.isDigit(piece[k]) {
                let wordStart = k
                if Bytes.isUpper(piece[k]) { k += 1 }
                if k < piece.endIndex && Bytes.isUpper(piece[k]) {
                    // An upper-case word (`AGE`, `SECRET`) fills the piece.
                    while k < piece.endIndex && Bytes.isUpper(piece[k]) { k += 1 }
                    if k < piece.endIndex && !Bytes.isDigit(piece[k]) { return false }
                } else {
                    while k < piece.endIndex && Bytes.isLower(piece[k]) { k += 1 }
                }
                if k - wordStart < 2 { return false }
            }
            while k < piece.endIndex && Bytes.isDigit(piece[k]) { k += 1 }
            return k == piece.endIndex && k > piece.startIndex
        }
    }

    /// Whether a literal looks like a credential rather than a word, a name or a path. Passwords
    /// are short and chosen by people: 8+ characters mixing character classes. Keys and tokens are
    /// machine-made: 16+ characters whose entropy is near the most their length allows.
    static func looksRandom(_ v: [UInt8], passwordLike: Bool) -> Bool {
        guard !v.contains(where: { $0 == 32 || $0 == 9 || $0 < 32 }) else { return false }
        let hasLower = v.contains(where: Bytes.isLower), hasUpper = v.contains(where: Bytes.isUpper), hasDigit = v.contains(where: Bytes.isDigit)
        // `.`, `_`, `-` and `/` join words in names and paths; other symbols are a password's.
        let hasSymbol = v.contains(where: { !Bytes.isAlnum($0) && $0 != 46 && $0 != 95 && $0 != 45 && $0 != 47 })
        let classes = [hasLower, hasUpper, hasDigit, hasSymbol].filter { $0 }.count
        let entropy = Bytes.entropy(v[...])
        if isUUID(v) || isTimestamp(v) || isRegex(v) { return false }
        // Words joined by separators (`accounts.User`, `prod/app/db-credentials`, `user_password`) name things.
        if !hasDigit && !hasSymbol { guard v.count >= 24, hasUpper, hasLower, entropy >= 4.2, !v.contains(46) else { return false } }
        if passwordLike {
            guard v.count >= 8, v.count <= 128 else { return false }
            return classes >= 3 || (classes >= 2 && entropy >= 2.9) || entropy >= 3.5
        }
        // 12 to 15 characters: only with three classes of characters and near-maximal entropy.
        if v.count >= 12 && v.count < 16 { return classes >= 3 && entropy >= 3.3 && !isWordy(v) }
        guard v.count >= 16 else { return false }
        let n = Double(v.count)
        if v.allSatisfy(Bytes.isHex) {
            // Shorter hex strings are ids and truncated hashes far more often than keys.
            return v.count >= 32 && hasDigit && v.contains(where: { !Bytes.isDigit($0) }) && entropy >= 3.0
        }
        return classes >= 2 && entropy >= min(3.7, log2(n) - 0.9) && !isWordy(v)
    }
}

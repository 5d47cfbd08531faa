/// Provider tokens that are a fixed prefix and a body of one character class: described as data,
/// checked by one routine (`Detector.shapedToken`). Tokens that need more (a checksum, a JSON
/// header, a URL) keep their own validator in `Detector`.
struct TokenShape {
    let prefix: [UInt8]
    /// The body's alphabet.
    let body: (UInt8) -> Bool
    let minLength: Int
    let maxLength: Int
    let rule: SecretRule
    let detail: String?
    /// Report only the body (`AccountKey=<body>`): the prefix is a label, not part of the secret.
    let bodyOnly: Bool
    /// A further check of the body (a separator at a fixed place, digits present, ...).
    let check: ((ArraySlice<UInt8>) -> Bool)?

    init(_ prefix: String, _ body: @escaping (UInt8) -> Bool, _ minLength: Int, _ maxLength: Int? = nil, _ rule: SecretRule,
         detail: String? = nil, bodyOnly: Bool = false, check: ((ArraySlice<UInt8>) -> Bool)? = nil) {
        self.prefix = Array(prefix.utf8)
        self.body = body
        self.minLength = minLength
        self.maxLength = maxLength ?? minLength
        self.rule = rule
        self.detail = detail
        self.bodyOnly = bodyOnly
        self.check = check
    }
}

enum TokenShapes {
    static func urlSafe(_ c: UInt8) -> Bool { Bytes.isURLSafe(c) }
    static func alnum(_ c: UInt8) -> Bool { Bytes.isAlnum(c) }
    static func letter(_ c: UInt8) -> Bool { Bytes.isUpper(c) || Bytes.isLower(c) }
    static func lowerHex(_ c: UInt8) -> Bool { Bytes.isLowerHex(c) }
    static func base64(_ c: UInt8) -> Bool { Bytes.isAlnum(c) || c == 43 || c == 47 }
    /// bech32's data alphabet in upper case (age identities).
    static func bech32Upper(_ c: UInt8) -> Bool { Bytes.isUpperAlnum(c) && c != 49 && c != 66 && c != 73 && c != 79 }
    /// Random material mixes letters and digits; a body of one class is a word or a number.
    static func mixed(_ s: ArraySlice<UInt8>) -> Bool {
        let upper = s.contains(where: Bytes.isUpper), lower = s.contains(where: Bytes.isLower)
        return (s.contains(where: Bytes.isDigit) && (upper || lower)) || (upper && lower && s.count >= 16)
    }

    static let all: [TokenShape] = [
        TokenShape("hf_", letter, 34, nil, SecretRules.huggingface, detail: "user access token", check: { s in s.contains(where: Bytes.isUpper) && s.contains(where: Bytes.isLower) }),
        TokenShape("api_org_", letter, 34, nil, SecretRules.huggingface, detail: "organisation API token", check: { s in s.contains(where: Bytes.isUpper) && s.contains(where: Bytes.isLower) }),
        TokenShape("dapi", lowerHex, 32, nil, SecretRules.databricks, check: mixed),
        TokenShape("ATATT3", { urlSafe($0) || $0 == 61 }, 150, 300, SecretRules.atlassian, check: mixed),
        TokenShape("NRAK-", Bytes.isUpperAlnum, 27, nil, SecretRules.newRelic, detail: "user key", check: mixed),
        TokenShape("NRII-", urlSafe, 32, nil, SecretRules.newRelic, detail: "insert key", check: mixed),
        TokenShape("PMAK-", { lowerHex($0) || $0 == 45 }, 59, nil, SecretRules.postman, check: { s in s[s.startIndex + 24] == 45 }),
        TokenShape("lin_api_", alnum, 40, nil, SecretRules.linear, check: mixed),
        TokenShape("dp.pt.", alnum, 40, 44, SecretRules.doppler, detail: "personal token", check: mixed),
        TokenShape("dp.st.", { alnum($0) || $0 == 46 || $0 == 95 || $0 == 45 }, 40, 80, SecretRules.doppler, detail: "service token", check: mixed),
        TokenShape("dp.ct.", alnum, 40, 44, SecretRules.doppler, detail: "CLI token", check: mixed),
        TokenShape("dp.sa.", alnum, 40, 44, SecretRules.doppler, detail: "service account token", check: mixed),
        TokenShape("dp.scim.", alnum, 40, 44, SecretRules.doppler, detail: "SCIM token", check: mixed),
        TokenShape("dp.audit.", alnum, 40, 44, SecretRules.doppler, detail: "audit token", check: mixed),
        TokenShape("hvs.", urlSafe, 90, 130, SecretRules.vault, detail: "service token", check: mixed),
        TokenShape("hvb.", urlSafe, 130, 300, SecretRules.vault, detail: "batch token", check: mixed),
        TokenShape("AGE-SECRET-KEY-1", bech32Upper, 58, nil, SecretRules.age, check: mixed),
        TokenShape("EAAA", { urlSafe($0) || $0 == 43 || $0 == 61 }, 60, nil, SecretRules.square, detail: "access token", check: mixed),
        TokenShape("sq0atp-", urlSafe, 22, nil, SecretRules.square, detail: "access token", check: mixed),
        TokenShape("sq0csp-", urlSafe, 43, nil, SecretRules.square, detail: "OAuth application secret", check: mixed),
        TokenShape("access_token$production$", { Bytes.isDigit($0) || Bytes.isLower($0) || $0 == 36 }, 49, nil, SecretRules.braintree,
                   check: { s in s[s.startIndex + 16] == 36 && s[(s.startIndex + 17)...].allSatisfy(lowerHex) }),
        TokenShape("sbp_", lowerHex, 40, nil, SecretRules.supabase, detail: "personal access token", check: mixed),
        TokenShape("sb_secret_", urlSafe, 28, 64, SecretRules.supabase, detail: "secret API key", check: mixed),
        TokenShape("HRKU-AA", urlSafe, 58, nil, SecretRules.heroku, check: mixed),
        TokenShape("SK", lowerHex, 32, nil, SecretRules.twilio, check: mixed),
        TokenShape("key-", lowerHex, 32, nil, SecretRules.mailgun, check: mixed),
        TokenShape("sntryu_", lowerHex, 64, nil, SecretRules.sentry, detail: "user auth token", check: mixed),
        TokenShape("sntrys_eyJ", { urlSafe($0) || $0 == 43 || $0 == 47 || $0 == 61 }, 50, 400, SecretRules.sentry, detail: "organisation token", check: mixed),
        TokenShape("AccountKey=", { base64($0) || $0 == 61 }, 88, nil, SecretRules.azureStorage, bodyOnly: true, check: { s in s.last == 61 && mixed(s) }),
        TokenShape("glsa_", { alnum($0) || $0 == 95 }, 41, nil, SecretRules.grafana, detail: "service account token", check: { s in s[s.startIndex + 32] == 95 && mixed(s) }),
        TokenShape("glc_", { base64($0) || $0 == 61 }, 32, 400, SecretRules.grafana, detail: "Grafana Cloud token", check: mixed),
        TokenShape("GOCSPX-", urlSafe, 28, nil, SecretRules.googleOAuthSecret, check: mixed),
        TokenShape("sk_test_", alnum, 24, 110, SecretRules.stripeTest, check: mixed),
        TokenShape("whsec_", { alnum($0) || $0 == 43 || $0 == 47 || $0 == 61 }, 32, 64, SecretRules.stripeWebhook, check: mixed),
        TokenShape("rk_test_", alnum, 24, 110, SecretRules.stripeTest, check: mixed),
        TokenShape("sk-svcacct-", urlSafe, 40, 200, SecretRules.openai, detail: "service account key", check: mixed),
        TokenShape("sk-admin-", urlSafe, 40, 200, SecretRules.openai, detail: "admin key", check: mixed),
        TokenShape("xapp-", { alnum($0) || $0 == 45 }, 40, 200, SecretRules.slack, detail: "app-level token", check: mixed),
        TokenShape("xoxe.xox", { alnum($0) || $0 == 45 }, 100, 250, SecretRules.slack, detail: "rotating token", check: mixed),
        TokenShape("gldt-", urlSafe, 20, 80, SecretRules.gitlab, detail: "deploy token", check: mixed),
        TokenShape("glrt-", { urlSafe($0) || $0 == 46 }, 20, 80, SecretRules.gitlab, detail: "runner token", check: mixed),
        TokenShape("glptt-", lowerHex, 40, nil, SecretRules.gitlab, detail: "pipeline trigger token", check: mixed),
        TokenShape("gloas-", urlSafe, 20, 80, SecretRules.gitlab, detail: "OAuth application secret", check: mixed),
        TokenShape("glcbt-", urlSafe, 20, 80, SecretRules.gitlab, detail: "CI/CD job token", check: mixed),
        TokenShape("glsoat-", urlSafe, 20, 80, SecretRules.gitlab, detail: "SCIM token", check: mixed),
        TokenShape("glft-", urlSafe, 20, 80, SecretRules.gitlab, detail: "feed token", check: mixed),
        TokenShape("glimt-", urlSafe, 20, 80, SecretRules.gitlab, detail: "incoming mail token", check: mixed),
        TokenShape("glagent-", urlSafe, 40, 120, SecretRules.gitlab, detail: "agent token", check: mixed),
        TokenShape("GR1348941", urlSafe, 20, 80, SecretRules.gitlab, detail: "runner registration token", check: mixed),
    ]

    /// Indices into `all` by the first two bytes of the prefix (`first << 8 | second`), so the
    /// scan pays one lookup in a flat table per byte and touches a shape only on a prefix match.
    static let byFirstTwoBytes: [[Int]] = {
        var table = [[Int]](repeating: [], count: 65536)
        for (index, shape) in all.enumerated() { table[Int(shape.prefix[0]) << 8 | Int(shape.prefix[1])].append(index) }
        return table
    }()
    /// Whether any shape starts with the two bytes: a `Bool` table, cheaper to test than the lists.
    static let startsShape: [Bool] = byFirstTwoBytes.map { !$0.isEmpty }
}

import Dataflow
import Findings
import PythonSyntax

/// Decides whether a name and a string value look like a hard-coded credential (shared by
/// B105/B106/B107; not a rule itself). Tuned to skip what bandit reports needlessly: empty
/// strings, placeholders, messages, environment-variable names, field and form names.
enum PasswordHeuristics {
    static let secretWords = ["password", "passwd", "passwort", "pwd", "passphrase", "secret", "token", "api_key", "apikey",
                              "access_key", "private_key", "auth_key", "client_secret", "credentials"]
    /// Names that are credentials only sometimes (`token` is also a lexer token, a MIME
    /// boundary, a pagination marker): their values must look random to count.
    static let secretWordList = WordList(secretWords)
    static let strongWordList = WordList(secretWords.filter { $0 != "token" })
    static let tokenWord = WordList(["token"])

    static func isWeakName(_ identifier: String) -> Bool {
        let lower = WordList.lowered(identifier)
        return tokenWord.matches(lowered: lower) && !strongWordList.matches(lowered: lower)
    }
    /// Suffixes that name something about a password, not the password itself.
    static let harmlessSuffixes = ["_field", "_fields", "_name", "_names", "_label", "_prompt", "_url", "_uri", "_path", "_file",
                                   "_dir", "_env", "_var", "_key_name", "_header", "_param", "_column", "_type", "_pattern",
                                   "_regex", "_re", "_length", "_len", "_min", "_max", "_policy", "_hash", "_hasher", "_endpoint",
                                   "_template", "_message", "_msg", "_error", "_help", "_placeholder", "_id", "_url_name", "_route",
                                   "_expiry", "_expires", "_ttl", "_timeout", "_lifetime", "_validators", "_chars", "_class",
                                   "_format", "_attr", "_widget", "_input", "_mode", "_cookie_name", "_location", "_count",
                                   "_enabled", "_required", "_use", "_status", "_state", "_set", "_provided", "_changed",
                                   "_strategy", "_backend", "_source", "_method", "_store", "_manager", "_provider", "_storage",
                                   "_kind", "_prefix", "_suffix", "_separator", "_version", "_algorithm", "_alg", "_scheme",
                                   "_option", "_options", "_setting", "_settings", "_missing", "_dir", "_keys", "_names"]

    static func namesSecret(_ identifier: String) -> Bool {
        let lower = identifier.lowercased()
        // `pass` as a whole word at the end (`db_pass`, `SMTP_PASS`, `_pass`); as a substring it
        // is mostly something else (`compass`, `passed`, `pass_through`).
        if lower == "pass" || lower.hasSuffix("_pass") { return true }
        guard secretWordList.matches(identifier) else { return false }
        if harmlessSuffixes.contains(where: { lower.hasSuffix($0) }) { return false }
        if lower.hasPrefix("is_") || lower.hasPrefix("has_") || lower.hasPrefix("check_") || lower.hasPrefix("verify_") || lower.hasPrefix("validate_") { return false }
        if harmlessWords.matches(lowered: Array(lower.utf8)) { return false }
        return true
    }

    static let harmlessWords = WordList(["reset", "forgot", "token_type", "tokenizer"])

    static let placeholders: Set<String> = ["", "none", "null", "nil", "changeme_in_env", "todo", "tbd", "xxx", "xxxx", "****", "*****",
                                            "********", "<password>", "password_here", "your_password", "your-password", "yourpassword",
                                            "your_secret", "your-secret", "your_token", "<secret>", "<token>", "redacted", "dummy",
                                            "bearer", "basic", "token", "required", "optional", "true", "false",
                                            "yes", "no", "on", "off", "enabled", "disabled", "default", "auto", "none_"]

    /// Is this string value plausibly a real credential (not a placeholder, message or name)?
    static func looksLikeCredential(_ value: String, name: String) -> Bool {
        let lower = value.lowercased()
        if isWeakName(name) {
            // A token must look random: letters and digits, at least 12 characters, not an identifier.
            let hasDigit = value.contains { $0.isNumber }
            let hasLetter = value.contains { $0.isLetter }
            guard value.count >= 12, hasDigit, hasLetter else { return false }
        }
        if value.count < 4 || value.count > 200 { return false }
        if placeholders.contains(lower) || lower == name.lowercased() { return false }
        if value.contains(" ") || value.contains("\n") { return false }
        if value.allSatisfy({ $0 == value.first }) { return false }
        if lower.hasPrefix("${") || lower.hasPrefix("{{") || lower.hasPrefix("%(") || lower.hasPrefix("<") || lower.hasPrefix("$") { return false }
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("/") { return false }
        // Environment variable or setting names: ALL_CAPS_WITH_UNDERSCORES.
        if value.allSatisfy({ $0.isUppercase || $0 == "_" || $0.isNumber }), value.contains("_") || value.count > 3, value.contains(where: { $0.isLetter }) { return false }
        // Identifiers that name a field or column: password_confirm, new_password.
        // A bare word such as "secret" or "password" is a default credential, not a field name.
        if value.allSatisfy({ $0.isLowercase || $0 == "_" }), secretWordList.matches(value), !secretWords.contains(lower) { return false }
        // Python format placeholders and hash-algorithm prefixes.
        if value.contains("%s") || value.contains("{}") || lower.hasPrefix("pbkdf2_") || lower.hasPrefix("argon2") || lower.hasPrefix("bcrypt") { return false }
        return true
    }

    /// `pa…(12 chars)`: enough to recognise, never the secret.
    /// A credential as messages and masked source show it: `s3cr…(11 chars, sha256:…)`.
    static func redacted(_ value: String) -> String {
        Redaction.redact(value)
    }
}

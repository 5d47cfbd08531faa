/// What the names and values of environment variables and build arguments tell: which hold
/// credentials, which turn debugging on. Shared by the Dockerfile, Compose and Kubernetes rules.
enum SettingNames {
    /// Name parts that mean the value is a credential.
    static let credentialParts: Set<String> = ["PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "CREDENTIALS", "CREDENTIAL",
                                               "PRIVATEKEY", "SECRETKEY", "ACCESSKEY", "AUTHKEY", "SIGNINGKEY", "ENCRYPTIONKEY"]
    /// Parts that make the name about something other than the credential itself: its file,
    /// its identifier, a public key or key fingerprint (the official images' `GPG_KEY`), a limit.
    static let descriptiveParts: Set<String> = ["FILE", "PATH", "DIR", "NAME", "ID", "USER", "USERNAME", "URL", "URI", "HOST", "PORT", "PUBLIC", "PUB",
                                                "GPG", "PGP", "FINGERPRINT", "KEYRING", "KEYSERVER", "TYPE", "ALGORITHM", "ALG", "LENGTH", "EXPIRY",
                                                "EXPIRES", "EXPIRATION", "TTL", "TIMEOUT", "LIFETIME", "HEADER", "FIELD", "PREFIX", "ENDPOINT", "REGION",
                                                "VERSION", "MODE", "ENABLED", "REQUIRED", "FORMAT", "SIZE", "COUNT", "METHOD", "ROTATION", "RESET",
                                                "POLICY", "MIN", "MAX", "HASHERS", "VALIDATORS", "LOCATION"]

    /// Whether a variable named `name` holds a credential (`POSTGRES_PASSWORD`, `API_KEY`,
    /// `SECRET_KEY`, `GITHUB_TOKEN`), not something about one (`SECRET_KEY_FILE`, `GPG_KEY`,
    /// `TOKEN_EXPIRY`). `PWD` alone is the working folder.
    static func holdsCredential(_ name: String) -> Bool {
        let parts = splitName(name)
        guard !parts.isEmpty, !parts.contains(where: descriptiveParts.contains) else { return false }
        for (index, part) in parts.enumerated() {
            if credentialParts.contains(part) { return true }
            if part.hasSuffix("PASSWORD") || part.hasSuffix("TOKEN") || part.hasSuffix("SECRET") { return true }
            // `KEY`, `PASS` and `PWD` are credentials as a part of a longer name (`API_KEY`, `DB_PASS`).
            if ["KEY", "PASS", "PWD"].contains(part), parts.count > 1, index > 0 || part == "KEY" { return true }
        }
        return false
    }

    /// `dbPassword`, `DB_PASSWORD`, `db-password`, `db.password` → `["DB", "PASSWORD"]`.
    static func splitName(_ name: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var previousLower = false
        for character in name {
            if character == "_" || character == "-" || character == "." {
                if !current.isEmpty { parts.append(current.uppercased()) }
                current = ""
                previousLower = false
                continue
            }
            if character.isUppercase, previousLower, !current.isEmpty {
                parts.append(current.uppercased())
                current = ""
            }
            current.append(character)
            previousLower = character.isLowercase
        }
        if !current.isEmpty { parts.append(current.uppercased()) }
        return parts
    }

    /// Whether `value` is a literal credential worth reporting: not empty, not a reference to
    /// another variable (`${DB_PASSWORD}`, `$TOKEN`), not a truth value or number, not a path to
    /// a file that holds the secret, and not a placeholder (`changeme`, `<token>`, `xxxx`).
    static func isLiteralCredential(_ value: String) -> Bool {
        let trimmed = value.trimmingSpaces
        guard trimmed.count >= 3, !DockerVariables.refersToVariable(trimmed) else { return false }
        let lower = trimmed.lowercased()
        if ["true", "false", "yes", "no", "on", "off", "none", "null", "nil", "undefined"].contains(lower) { return false }
        if trimmed.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) { return false }
        if trimmed.hasPrefix("/") || trimmed.hasPrefix("./") || trimmed.hasPrefix("~/") { return false }
        if trimmed.hasPrefix("<") && trimmed.hasSuffix(">") { return false }
        if Set(lower).count == 1 { return false }  // xxxx, ****
        let placeholders = ["changeme", "change-me", "change_me", "replaceme", "replace-me", "replace_me", "placeholder", "your-", "your_",
                            "yourpassword", "yoursecret", "yourtoken", "todo", "fixme", "redacted", "example", "dummy", "<", "{{"]
        return !placeholders.contains { lower.hasPrefix($0) || lower == $0 }
    }

    /// Variables that turn a framework's debug mode on (with a true value), or that name a
    /// development environment.
    static let debugNames: Set<String> = ["DEBUG", "FLASK_DEBUG", "DJANGO_DEBUG", "APP_DEBUG", "QUART_DEBUG", "SANIC_DEBUG", "FASTAPI_DEBUG",
                                          "STARLETTE_DEBUG", "WERKZEUG_DEBUG", "PYRAMID_DEBUG_ALL", "TEMPLATE_DEBUG"]

    /// What a `name=value` setting does to debugging, or nil when it does not turn it on.
    static func debugSetting(name: String, value: String) -> String? {
        let upper = name.uppercased()
        let lower = value.trimmingSpaces.lowercased()
        if debugNames.contains(upper), ["1", "true", "yes", "on"].contains(lower) { return "`\(name)=\(value.trimmingSpaces)` turns debug mode on" }
        if upper == "FLASK_ENV" || upper == "QUART_ENV", lower == "development" { return "`\(name)=development` turns Flask's debugger and reloader on" }
        if upper == "WERKZEUG_DEBUG_PIN", lower == "off" { return "`WERKZEUG_DEBUG_PIN=off` removes the PIN that guards the Werkzeug debugger's console" }
        return nil
    }
}

/// Development servers and reloaders started as the container's or process's command.
enum DevServers {
    /// What `words` (a command: program first) starts that does not belong in production, or nil.
    static func problem(_ words: [String]) -> String? {
        guard let first = words.first else { return nil }
        var program = ShellCommand.baseName(first).lowercased()
        var rest = Array(words.dropFirst())
        // `python -m flask run`, `python3 -m uvicorn ...`, `python manage.py runserver`.
        if program.hasPrefix("python") {
            var index = 0
            while index < rest.count, rest[index].hasPrefix("-"), rest[index] != "-m" { index += 1 }
            if index + 1 < rest.count, rest[index] == "-m" {
                program = rest[index + 1].lowercased()
                rest = Array(rest[(index + 2)...])
            } else if index < rest.count {
                program = ShellCommand.baseName(rest[index]).lowercased()
                rest = Array(rest[(index + 1)...])
            }
        }
        let lowered = rest.map { $0.lowercased() }
        switch program {
        case "flask", "quart":
            if lowered.contains("--debug") { return "`\(program) --debug` runs the debugger, which executes code sent from a browser" }
            if lowered.contains("run") { return "`\(program) run` starts the development server (single process, with the reloader and debugger a setting away)" }
        case "manage.py", "django-admin":
            if let command = lowered.first(where: { $0 == "runserver" || $0 == "runserver_plus" }) {
                return "`manage.py \(command)` is Django's development server (\"do not use this server in a production setting\")"
            }
        case "uvicorn", "hypercorn", "gunicorn", "granian", "daphne":
            if lowered.contains(where: { $0 == "--reload" || $0.hasPrefix("--reload=") && $0 != "--reload=false" }) {
                return "`\(program) --reload` watches the source files and restarts the app on a change: a development mode"
            }
        case "fastapi":
            if lowered.first == "dev" { return "`fastapi dev` is FastAPI's development mode (auto-reload, bound for local use)" }
        case "sanic":
            if lowered.contains("--debug") || lowered.contains("--dev") { return "`sanic --debug` runs Sanic in debug mode" }
        case "uwsgi":
            if lowered.contains(where: { $0.hasPrefix("--py-autoreload") || $0.hasPrefix("--python-autoreload") }) {
                return "`uwsgi --py-autoreload` reloads the app when a module changes: a development mode"
            }
        default:
            break
        }
        return nil
    }
}

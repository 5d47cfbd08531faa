import Foundation

/// One Content-Security-Policy (a header value or a `<meta http-equiv>` content), parsed into
/// directives, and the weaknesses that defeat it.
struct ContentSecurityPolicy: Equatable, Sendable {
    /// Directive name (lowercased) to its source list (keywords lowercased, hosts as written).
    private(set) var directives: [String: [String]] = [:]
    /// Whether it came from a `<meta>` tag, where `frame-ancestors` is ignored by browsers.
    var fromMeta = false

    init(_ text: String, fromMeta: Bool = false) {
        self.fromMeta = fromMeta
        for part in text.split(separator: ";") {
            let tokens = part.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
            guard let first = tokens.first else { continue }
            let name = first.lowercased()
            // The first occurrence of a directive wins; later duplicates are ignored (CSP3 §2.2).
            if directives[name] != nil { continue }
            directives[name] = tokens.dropFirst().map { $0.hasPrefix("'") ? $0.lowercased() : $0 }
        }
    }

    func sources(_ directive: String) -> [String]? { directives[directive] }

    /// The sources that govern scripts: `script-src`, else `default-src`; nil when neither is set.
    var scriptSources: [String]? { directives["script-src"] ?? directives["default-src"] }
    var objectSources: [String]? { directives["object-src"] ?? directives["default-src"] }

    private var scriptHasNonceHashOrStrictDynamic: Bool {
        (scriptSources ?? []).contains { $0.hasPrefix("'nonce-") || $0.hasPrefix("'sha256-") || $0.hasPrefix("'sha384-") || $0.hasPrefix("'sha512-") || $0 == "'strict-dynamic'" }
    }

    /// `'unsafe-inline'` for scripts, unless a nonce, hash or `'strict-dynamic'` makes browsers ignore it.
    var allowsInlineScript: Bool {
        guard let sources = scriptSources else { return true }
        return sources.contains("'unsafe-inline'") && !scriptHasNonceHashOrStrictDynamic
    }

    var allowsEval: Bool {
        guard let sources = scriptSources else { return true }
        return sources.contains("'unsafe-eval'")
    }

    private static let wildcardSources: Set<String> = ["*", "http:", "https:", "data:", "blob:", "http://*", "https://*", "filesystem:"]

    /// Sources that let scripts (or plugins) load from anywhere: `*`, bare schemes. Hosts and
    /// schemes are ignored under `'strict-dynamic'`, so then only the plugin list counts.
    var wildcardSources: [String] {
        var found: [String] = []
        if let script = scriptSources, !script.contains("'strict-dynamic'") {
            found += script.filter { Self.wildcardSources.contains($0.lowercased()) }.map { "script-src \($0)" }
        }
        if let object = objectSources {
            found += object.filter { Self.wildcardSources.contains($0.lowercased()) }.map { "object-src \($0)" }
        }
        return found
    }

    /// Directives with no fallback (or whose fallback is also missing) that a sound policy sets.
    var missingDirectives: [String] {
        var missing: [String] = []
        if scriptSources == nil { missing.append("script-src (no default-src either)") }
        if objectSources == nil { missing.append("object-src") }
        if directives["base-uri"] == nil { missing.append("base-uri") }
        if !fromMeta && directives["frame-ancestors"] == nil { missing.append("frame-ancestors") }
        return missing
    }

    var hasFrameAncestors: Bool { !fromMeta && directives["frame-ancestors"] != nil }
}

/// A parsed `Strict-Transport-Security` header.
struct StrictTransportSecurity: Equatable, Sendable {
    var maxAge: Int?
    var includeSubDomains = false
    var preload = false

    static let minimumMaxAge = 31_536_000

    init(_ text: String) {
        for part in text.split(separator: ";") {
            let item = part.trimmingCharacters(in: .whitespaces)
            let lower = item.lowercased()
            if lower == "includesubdomains" { includeSubDomains = true } else if lower == "preload" { preload = true } else if lower.hasPrefix("max-age") {
                let value = item.drop(while: { $0 != "=" }).dropFirst().trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
                if maxAge == nil { maxAge = Int(value) }
            }
        }
    }

    /// What is wrong with it, empty when it is strong enough.
    var weaknesses: [String] {
        var found: [String] = []
        if let age = maxAge {
            if age < Self.minimumMaxAge { found.append("max-age=\(age) is shorter than one year (31536000)") }
        } else {
            found.append("max-age is missing or not a number, so browsers ignore the header")
        }
        if !includeSubDomains { found.append("includeSubDomains is missing") }
        return found
    }
}

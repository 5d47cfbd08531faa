import Foundation

/// What the user asked `taintline probe` to do. Built by the CLI, validated by `validated()`.
public struct ProbeOptions: Sendable {
    /// The start URL; its origin is the only one contacted (plus `httpsURL`'s, when given).
    public var target: URL
    /// The site's HTTPS address when `target` is plain HTTP: checks the HTTP→HTTPS redirect and HSTS.
    public var httpsURL: URL?
    public var maxPages = 50
    public var maxDepth = 3
    /// Requests per second, at most.
    public var rate = 5.0
    /// Seconds for one whole request (connect, send, receive).
    public var timeout = 10.0
    public var ignoreRobots = false
    /// Extra request headers for authenticated scans, sent on every request.
    public var headers: [(name: String, value: String)] = []
    /// Cookies sent on every request.
    public var cookies: [(name: String, value: String)] = []
    /// Opt-in checks that send crafted requests (open redirect, login burst).
    public var active = false
    /// The login page for the rate-limit check (needs `active`).
    public var loginURL: URL?
    /// Failed logins to send in the rate-limit check; never more than `maxLoginAttempts`.
    public var loginAttempts = 20

    public static let maxLoginAttempts = 20

    public init(target: URL) { self.target = target }

    /// The options with every problem reported in the user's words (a `ProbeOptionError`).
    public func validated() throws -> ProbeOptions {
        guard let origin = Origin(target) else {
            throw ProbeOptionError("the URL must be http:// or https:// with a host, e.g. http://127.0.0.1:5000/ (got '\(target.absoluteString)')")
        }
        if let https = httpsURL {
            guard let httpsOrigin = Origin(https), httpsOrigin.scheme == "https" else {
                throw ProbeOptionError("--https-url must be an https:// URL (got '\(https.absoluteString)')")
            }
            guard origin.scheme == "http" else { throw ProbeOptionError("--https-url is for probing a plain http:// URL; the target is already HTTPS") }
            guard httpsOrigin.host == origin.host else {
                throw ProbeOptionError("--https-url must name the same host as the target (\(origin.host)), got \(httpsOrigin.host)")
            }
        }
        if let login = loginURL {
            guard Origin(login) == origin else { throw ProbeOptionError("--login-url must be on the target's origin \(origin)") }
            guard active else { throw ProbeOptionError("--login-url sends failed logins: add --active to allow it") }
        }
        guard (1...10_000).contains(maxPages) else { throw ProbeOptionError("--max-pages must be between 1 and 10000") }
        guard (0...50).contains(maxDepth) else { throw ProbeOptionError("--max-depth must be between 0 and 50") }
        guard rate > 0, rate <= 100 else { throw ProbeOptionError("--rate must be more than 0 and at most 100 requests per second") }
        guard timeout > 0, timeout <= 300 else { throw ProbeOptionError("--timeout must be more than 0 and at most 300 seconds") }
        guard (1...Self.maxLoginAttempts).contains(loginAttempts) else {
            throw ProbeOptionError("--login-attempts must be between 1 and \(Self.maxLoginAttempts)")
        }
        for header in headers where header.name.isEmpty || header.name.contains(where: { $0 == " " || $0 == ":" || $0 == "\r" || $0 == "\n" }) || header.value.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw ProbeOptionError("--header: bad header name or value '\(header.name)'")
        }
        for cookie in cookies where cookie.name.isEmpty || cookie.name.contains(where: { $0 == ";" || $0 == "=" || $0 == " " }) || cookie.value.contains(where: { $0 == ";" || $0 == "\r" || $0 == "\n" }) {
            throw ProbeOptionError("--cookie: bad cookie '\(cookie.name)' (write name=value)")
        }
        return self
    }

    /// Parses `Name: value` as `--header` takes it.
    public static func parseHeader(_ text: String) throws -> (name: String, value: String) {
        guard let colon = text.firstIndex(of: ":") else { throw ProbeOptionError("--header must be 'Name: value' (got '\(text)')") }
        let name = text[..<colon].trimmingCharacters(in: .whitespaces)
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw ProbeOptionError("--header must be 'Name: value' (got '\(text)')") }
        return (name, value)
    }

    /// Parses `name=value` as `--cookie` takes it.
    public static func parseCookie(_ text: String) throws -> (name: String, value: String) {
        guard let equals = text.firstIndex(of: "=") else { throw ProbeOptionError("--cookie must be 'name=value' (got a value without '=')") }
        let name = text[..<equals].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw ProbeOptionError("--cookie must be 'name=value'") }
        return (name, String(text[text.index(after: equals)...]))
    }
}

/// A bad probe option, with the message to show.
public struct ProbeOptionError: Error, CustomStringConvertible, Sendable {
    public let description: String
    init(_ description: String) { self.description = description }
}

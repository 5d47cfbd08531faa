import Findings
import Foundation

/// The origin of a URL: scheme, host and port, as browsers compare them.
struct Origin: Hashable, Sendable, CustomStringConvertible {
    var scheme: String
    var host: String
    var port: Int

    init?(_ url: URL) {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = url.host?.lowercased(), !host.isEmpty else { return nil }
        self.scheme = scheme
        self.host = host
        self.port = url.port ?? (scheme == "https" ? 443 : 80)
    }

    var isDefaultPort: Bool { port == (scheme == "https" ? 443 : 80) }

    var description: String {
        let hostText = host.contains(":") ? "[\(host)]" : host
        return isDefaultPort ? "\(scheme)://\(hostText)" : "\(scheme)://\(hostText):\(port)"
    }

    /// The site's root page, used as the location of site-wide findings.
    var rootURL: String { description + "/" }
}

/// Every request the probe makes goes through here: it refuses URLs outside the allowed
/// origins, spaces requests to the user's `--rate`, adds the user's headers and cookies,
/// keeps the cookies the site sets (so a CSRF token stays valid for the session that issued
/// it), caps the total number of requests, and records every response for the cookie checks.
final class ProbeClient {
    static let userAgent = "taintline-probe/\(taintlineVersion)"

    let transport: HTTPTransport
    let allowed: Set<Origin>
    let timeout: Double
    let minimumInterval: Double
    let extraHeaders: [HTTPHeader]
    private(set) var jar: [(name: String, value: String)]
    private let userCookieNames: Set<String>
    private var lastRequest: Date?
    private(set) var requestCount = 0
    let maxRequests: Int
    /// Every response received, in order and without its body, for checks that look at all
    /// of them (cookies).
    private(set) var responses: [HTTPResponse] = []

    init(transport: HTTPTransport, allowed: Set<Origin>, timeout: Double, rate: Double, headers: [HTTPHeader],
         cookies: [(String, String)], maxRequests: Int) {
        self.transport = transport
        self.allowed = allowed
        self.timeout = timeout
        self.minimumInterval = rate > 0 ? 1.0 / rate : 0
        self.extraHeaders = headers
        self.jar = cookies.map { (name: $0.0, value: $0.1) }
        self.userCookieNames = Set(cookies.map(\.0))
        self.maxRequests = maxRequests
    }

    /// Sends one request (never following redirects). `record` false keeps the response out of
    /// the cookie checks (used for deliberately odd requests such as TRACE).
    func send(_ method: String = "GET", _ url: URL, headers: [HTTPHeader] = [], body: [UInt8]? = nil,
              record: Bool = true) throws -> HTTPResponse {
        guard let origin = Origin(url), allowed.contains(origin) else { throw HTTPFailure.refusedOrigin(url.absoluteString) }
        guard requestCount < maxRequests else { throw HTTPFailure.budgetExhausted }
        if let last = lastRequest {
            let wait = minimumInterval - Date().timeIntervalSince(last)
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        }
        lastRequest = Date()
        requestCount += 1
        var all = extraHeaders
        let overridden = Set(headers.map { $0.name.lowercased() })
        all.removeAll { overridden.contains($0.name.lowercased()) }
        all += headers
        if !jar.isEmpty && !all.contains(where: { $0.name.lowercased() == "cookie" }) {
            all.append(HTTPHeader(name: "Cookie", value: jar.map { "\($0.name)=\($0.value)" }.joined(separator: "; ")))
        }
        let response = try transport.send(HTTPRequest(method: method, url: url, headers: all, body: body), timeout: timeout)
        lastRequest = Date()
        absorbCookies(response)
        if record {
            var headersOnly = response
            headersOnly.body = []
            responses.append(headersOnly)
        }
        return response
    }

    /// Whether the user gave credentials (cookies or an Authorization header), which makes
    /// every page "authenticated content" for the cache check.
    var isAuthenticated: Bool {
        !userCookieNames.isEmpty || extraHeaders.contains { $0.name.lowercased() == "authorization" }
    }

    private func absorbCookies(_ response: HTTPResponse) {
        for value in response.headers(named: "Set-Cookie") {
            guard let cookie = SetCookie(parsing: value), !userCookieNames.contains(cookie.name) else { continue }
            jar.removeAll { $0.name == cookie.name }
            let expired = (cookie.maxAge.map { $0 <= 0 } ?? false) || (cookie.expires.map { $0 < Date() } ?? false)
            if !expired { jar.append((name: cookie.name, value: cookie.value)) }
        }
    }
}

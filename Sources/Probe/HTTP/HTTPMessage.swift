import Foundation

/// One header line, as sent or received. Names keep their case; lookups ignore it.
struct HTTPHeader: Hashable, Sendable {
    var name: String
    var value: String
}

/// A request the probe sends. Only the target's origin is ever contacted (`ProbeClient` checks).
struct HTTPRequest: Sendable {
    var method: String
    var url: URL
    var headers: [HTTPHeader]
    var body: [UInt8]?

    init(method: String = "GET", url: URL, headers: [HTTPHeader] = [], body: [UInt8]? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// A response exactly as the server sent it: every header line kept (repeated `Set-Cookie`
/// lines stay separate), redirects not followed, the body capped at `HTTPLimits.maxBody`.
struct HTTPResponse: Sendable {
    var url: URL
    var method: String
    var status: Int
    var headers: [HTTPHeader]
    var body: [UInt8]
    var bodyTruncated: Bool = false

    /// The first value of a header, case-insensitively.
    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// Every value of a header, in order.
    func headers(named name: String) -> [String] {
        headers.filter { $0.name.caseInsensitiveCompare(name) == .orderedSame }.map(\.value)
    }

    var contentType: String { (header("Content-Type") ?? "").lowercased() }

    var isHTML: Bool {
        let type = contentType
        if type.contains("html") { return true }
        // No Content-Type: sniff the start of the body the way browsers would.
        if type.isEmpty { return bodyText.prefix(512).lowercased().contains("<html") }
        return false
    }

    var isRedirect: Bool { [301, 302, 303, 307, 308].contains(status) }

    /// The body decoded as UTF-8, invalid bytes replaced.
    var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Bounds on what the probe reads, so a hostile or broken server cannot exhaust memory.
enum HTTPLimits {
    static let maxBody = 2 * 1024 * 1024
    static let maxHeaderBytes = 64 * 1024
}

/// Why a request failed, in words the user can act on.
enum HTTPFailure: Error, Equatable, CustomStringConvertible {
    case unreachable(host: String, reason: String)
    case timeout(seconds: Double)
    case tls(reason: String)
    case malformed(reason: String)
    case refusedOrigin(String)
    case budgetExhausted

    var description: String {
        switch self {
        case let .unreachable(host, reason): return "cannot connect to \(host): \(reason)"
        case let .timeout(seconds): return "no complete response within \(formatSeconds(seconds)) s (--timeout)"
        case let .tls(reason): return "TLS error: \(reason)"
        case let .malformed(reason): return "malformed HTTP response: \(reason)"
        case let .refusedOrigin(url): return "not requested: \(url) is outside the target's origin"
        case .budgetExhausted: return "request budget exhausted"
        }
    }
}

func formatSeconds(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)
}

/// Something that performs one HTTP exchange without following redirects.
protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest, timeout: Double) throws -> HTTPResponse
}

/// Plain HTTP goes over our own socket client (exact header lines, any method); HTTPS goes
/// through Foundation, which brings TLS and certificate checks.
struct DefaultTransport: HTTPTransport {
    let plain = SocketTransport()
    let secure = URLSessionTransport()

    func send(_ request: HTTPRequest, timeout: Double) throws -> HTTPResponse {
        if request.url.scheme?.lowercased() == "https" { return try secure.send(request, timeout: timeout) }
        return try plain.send(request, timeout: timeout)
    }
}

import Foundation

/// One `Set-Cookie` header value, parsed as RFC 6265 §5.2 describes (attributes in any case,
/// unknown ones ignored, the last occurrence of an attribute winning).
struct SetCookie: Equatable, Sendable {
    var name: String
    var value: String
    var secure = false
    var httpOnly = false
    /// As written (`Lax`, `Strict`, `None`), nil when absent.
    var sameSite: String?
    var maxAge: Int?
    var expires: Date?
    var domain: String?
    var path: String?

    init?(parsing header: String) {
        let parts = header.split(separator: ";", omittingEmptySubsequences: false)
        guard let pair = parts.first, let equals = pair.firstIndex(of: "=") else { return nil }
        name = pair[..<equals].trimmingCharacters(in: .whitespaces)
        value = pair[pair.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return nil }
        for part in parts.dropFirst() {
            let attribute = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = attribute[0].trimmingCharacters(in: .whitespaces).lowercased()
            let argument = attribute.count > 1 ? attribute[1].trimmingCharacters(in: .whitespaces) : ""
            switch key {
            case "secure": secure = true
            case "httponly": httpOnly = true
            case "samesite": sameSite = argument
            case "max-age": if let number = Int(argument) { maxAge = number }
            case "expires": if let date = HTTPDate.parse(argument) { expires = date }
            case "domain": domain = argument
            case "path": path = argument
            default: break
            }
        }
    }

    /// Seconds the cookie lives after `now`; nil for a session cookie (no Max-Age, no Expires).
    /// Max-Age wins over Expires, as in browsers.
    func lifetime(now: Date) -> TimeInterval? {
        if let maxAge { return TimeInterval(maxAge) }
        if let expires { return expires.timeIntervalSince(now) }
        return nil
    }

    /// Names of cookies that usually carry a session or credentials: they must be HttpOnly and
    /// their theft is an account takeover. CSRF cookies are meant to be read by scripts.
    var isSessionLike: Bool {
        let lower = name.lowercased()
        if lower.contains("csrf") || lower.contains("xsrf") { return false }
        let markers = ["sess", "sid", "auth", "token", "jwt", "login", "remember", "identity", "user_id", "userid", "access", "refresh"]
        return markers.contains { lower.contains($0) }
    }
}

/// HTTP dates in the three formats RFC 9110 accepts, plus the dashed cookie variant
/// (`Wed, 21-Oct-2026 07:28:00 GMT`) that servers still send.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    static func parse(_ text: String) -> Date? {
        // Tokens: split on space, comma and dash; find day, month name, year and hh:mm:ss by shape.
        let tokens = text.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "-" }).map(String.init)
        var day: Int?, month: Int?, year: Int?, time: (Int, Int, Int)?
        for token in tokens {
            let lower = token.lowercased()
            if time == nil, token.contains(":") {
                let pieces = token.split(separator: ":").compactMap { Int($0) }
                if pieces.count == 3 { time = (pieces[0], pieces[1], pieces[2]) }
            } else if month == nil, let index = months.firstIndex(where: { lower.hasPrefix($0) }) {
                month = index + 1
            } else if let number = Int(token) {
                if day == nil && token.count <= 2 { day = number } else if year == nil { year = number < 70 ? 2000 + number : (number < 100 ? 1900 + number : number) }
            }
        }
        guard let day, let month, let year, let time else { return nil }
        var components = DateComponents()
        components.year = year; components.month = month; components.day = day
        components.hour = time.0; components.minute = time.1; components.second = time.2
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar.date(from: components)
    }
}

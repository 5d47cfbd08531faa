import Findings
import Foundation

/// Cookie flags on every `Set-Cookie` the probe received. Each problem is reported once per
/// cookie name, at the first response that set it.
enum CookieChecks {
    static func check(_ responses: [HTTPResponse], now: Date = Date()) -> [Finding] {
        var findings: [Finding] = []
        var reported = Set<String>()
        for response in responses {
            let url = response.url.absoluteString
            let plainHTTP = response.url.scheme?.lowercased() == "http"
            for header in response.headers(named: "Set-Cookie") {
                guard let cookie = SetCookie(parsing: header) else { continue }
                if let lifetime = cookie.lifetime(now: now), lifetime <= 0 { continue }  // a deletion
                let setBy = "cookie '\(cookie.name)' set by \(response.method) \(url) (HTTP \(response.status)): Set-Cookie: \(redacted(header, cookie))"
                func report(_ rule: ProbeRule, _ why: String, severity: Severity? = nil) {
                    guard reported.insert(rule.id + "\u{1F}" + cookie.name).inserted else { return }
                    findings.append(rule.finding(at: url, "\(setBy) — \(why)", key: cookie.name, severity: severity,
                                                 properties: ["cookie": cookie.name, "setBy": url]))
                }
                if !cookie.secure {
                    if cookie.isSessionLike && plainHTTP {
                        report(ProbeRules.cookieOverHTTP, "a session cookie without Secure, sent over plain HTTP")
                    } else {
                        report(ProbeRules.cookieNoSecure, "no Secure flag", severity: cookie.isSessionLike ? .medium : .low)
                    }
                }
                if cookie.isSessionLike && !cookie.httpOnly {
                    report(ProbeRules.cookieNoHttpOnly, "no HttpOnly flag on a session-like cookie")
                }
                switch cookie.sameSite?.lowercased() {
                case "lax", "strict": break
                case "none":
                    if !cookie.secure { report(ProbeRules.cookieNoSameSite, "SameSite=None without Secure (browsers reject it)") }
                case nil: report(ProbeRules.cookieNoSameSite, "no SameSite attribute")
                case let other?: report(ProbeRules.cookieNoSameSite, "unknown SameSite value '\(other)'")
                }
                if let lifetime = cookie.lifetime(now: now), lifetime > 365 * 86_400 {
                    report(ProbeRules.cookieLongExpiry, "lives \(Int(lifetime / 86_400)) days")
                }
            }
        }
        return findings
    }

    /// The header with the cookie's value replaced by its length: values may be sessions.
    static func redacted(_ header: String, _ cookie: SetCookie) -> String {
        let attributes = header.split(separator: ";", omittingEmptySubsequences: false).dropFirst().map { $0.trimmingCharacters(in: .whitespaces) }
        return (["\(cookie.name)=<\(cookie.value.utf8.count) chars>"] + attributes).joined(separator: "; ")
    }
}

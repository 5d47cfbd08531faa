import Findings
import Foundation

/// Response-header checks on every page reached: CSP, HSTS, nosniff, clickjacking,
/// Referrer-Policy, Permissions-Policy, caching of sensitive responses, version disclosure.
enum HeaderChecks {
    static func check(_ pages: [CrawledPage], authenticated: Bool, into site: inout SiteFindings) {
        for page in pages {
            let response = page.response
            let url = page.url.absoluteString
            if let server = response.header("Server"), disclosesVersion(server) {
                site.add(ProbeRules.serverVersion, "Server: \(server)", page: url)
            }
            if let powered = response.header("X-Powered-By") {
                site.add(ProbeRules.poweredBy, "X-Powered-By: \(powered)", page: url)
            }
            if page.url.scheme?.lowercased() == "https" {
                if let hsts = response.header("Strict-Transport-Security") {
                    let weaknesses = StrictTransportSecurity(hsts).weaknesses
                    if !weaknesses.isEmpty {
                        site.add(ProbeRules.hstsWeak, "Strict-Transport-Security: \(hsts) (\(weaknesses.joined(separator: "; ")))", page: url, atFirstPage: true)
                    }
                } else {
                    site.add(ProbeRules.hstsMissing, "no Strict-Transport-Security header on HTTPS", page: url, atFirstPage: true)
                }
            }
            let hasBody = !response.body.isEmpty && !response.isRedirect && response.status != 204 && response.status != 304
            if hasBody {
                let nosniff = response.header("X-Content-Type-Options")
                if nosniff?.trimmingCharacters(in: .whitespaces).lowercased() != "nosniff" {
                    site.add(ProbeRules.contentTypeOptions, nosniff.map { "X-Content-Type-Options: \($0) (not nosniff)" } ?? "no X-Content-Type-Options header", page: url)
                }
            }
            checkCaching(response, url: url, authenticated: authenticated && hasBody && (200..<300).contains(response.status), into: &site)
            guard let document = page.document, hasBody else { continue }
            checkCSPAndFraming(response, document, url: url, into: &site)
            checkReferrerPolicy(response, document, url: url, into: &site)
            if response.header("Permissions-Policy") == nil && response.header("Feature-Policy") == nil {
                site.add(ProbeRules.permissionsPolicy, "no Permissions-Policy header", page: url)
            }
        }
    }

    /// `Werkzeug/3.1.3`, `nginx/1.25.1`, `Apache/2.4.57 (Debian)`, `Python 3.11`: a digit after
    /// `/` or a version-like number after a space.
    static func disclosesVersion(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        for i in 1..<max(bytes.count, 1) where bytes[i] >= 48 && bytes[i] <= 57 {
            let before = bytes[i - 1]
            if before == UInt8(ascii: "/") { return true }
            if before == UInt8(ascii: " ") || before == UInt8(ascii: "v") {
                if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: ".") { return true }
            }
        }
        return false
    }

    private static func checkCaching(_ response: HTTPResponse, url: String, authenticated: Bool, into site: inout SiteFindings) {
        let cookies = response.headers(named: "Set-Cookie").compactMap { SetCookie(parsing: $0) }
        guard !cookies.isEmpty || authenticated else { return }
        let cacheControl = response.header("Cache-Control")
        let directives = (cacheControl ?? "").lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if directives.contains("no-store") { return }
        let shown = cacheControl.map { "Cache-Control: \($0)" } ?? "no Cache-Control header"
        if !cookies.isEmpty {
            site.add(ProbeRules.cacheControl, "\(shown) on a response that sets cookies", page: url)
        } else {
            site.add(ProbeRules.cacheControl, "\(shown) on a page fetched with your credentials", page: url)
        }
    }

    private static func checkCSPAndFraming(_ response: HTTPResponse, _ document: HTMLDocument, url: String, into site: inout SiteFindings) {
        let headerPolicies = response.headers(named: "Content-Security-Policy").map { ContentSecurityPolicy($0) }
        let policies = headerPolicies + document.meta("content-security-policy").map { ContentSecurityPolicy($0, fromMeta: true) }
        let policyText = (response.headers(named: "Content-Security-Policy") + document.meta("content-security-policy")).joined(separator: " | ")
        if policies.isEmpty {
            site.add(ProbeRules.cspMissing, "no Content-Security-Policy header or meta tag", page: url)
        } else {
            // Browsers enforce every policy, so a weakness counts only if each policy has it.
            if policies.allSatisfy(\.allowsInlineScript) {
                site.add(ProbeRules.cspUnsafeInline, "inline script allowed by: \(policyText)", page: url)
            }
            if policies.allSatisfy(\.allowsEval) {
                site.add(ProbeRules.cspUnsafeEval, "eval allowed by: \(policyText)", page: url)
            }
            if policies.allSatisfy({ !$0.wildcardSources.isEmpty }) {
                site.add(ProbeRules.cspWildcard, "\(policies[0].wildcardSources.joined(separator: ", ")) in: \(policyText)", page: url)
            }
            var missing = policies[0].missingDirectives
            for policy in policies.dropFirst() { missing = missing.filter(policy.missingDirectives.contains) }
            if !missing.isEmpty {
                site.add(ProbeRules.cspMissingDirective, "missing \(missing.joined(separator: ", ")) in: \(policyText)", page: url)
            }
        }
        let frameOptions = response.header("X-Frame-Options")?.trimmingCharacters(in: .whitespaces).lowercased()
        let framingBlocked = frameOptions == "deny" || frameOptions == "sameorigin" || headerPolicies.contains(where: \.hasFrameAncestors)
        if !framingBlocked {
            site.add(ProbeRules.clickjacking, frameOptions.map { "X-Frame-Options: \($0) is not DENY/SAMEORIGIN and no frame-ancestors" } ?? "no X-Frame-Options and no CSP frame-ancestors", page: url)
        }
    }

    private static let knownReferrerPolicies: Set<String> = [
        "no-referrer", "no-referrer-when-downgrade", "origin", "origin-when-cross-origin", "same-origin", "strict-origin",
        "strict-origin-when-cross-origin", "unsafe-url",
    ]

    private static func checkReferrerPolicy(_ response: HTTPResponse, _ document: HTMLDocument, url: String, into site: inout SiteFindings) {
        let values = response.headers(named: "Referrer-Policy") + document.meta("referrer")
        guard !values.isEmpty else {
            site.add(ProbeRules.referrerPolicy, "no Referrer-Policy header or meta tag", page: url)
            return
        }
        // The last policy the browser recognises wins.
        let tokens = values.flatMap { $0.lowercased().split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
        guard let effective = tokens.last(where: knownReferrerPolicies.contains) else {
            site.add(ProbeRules.referrerPolicy, "Referrer-Policy '\(values.joined(separator: ", "))' names no known policy", page: url)
            return
        }
        if effective == "unsafe-url" || effective == "no-referrer-when-downgrade" {
            site.add(ProbeRules.referrerPolicy, "Referrer-Policy: \(effective) sends full URLs to other sites", page: url)
        }
    }
}

import Findings
import Foundation

/// CORS: an arbitrary Origin reflected, the `null` origin allowed, a wildcard with credentials.
/// At most three URLs (the start page and JSON endpoints found by the crawl), two requests each.
enum CORSChecks {
    static let foreignOrigin = "https://taintline.invalid"

    static func check(_ pages: [CrawledPage], client: ProbeClient) -> (findings: [Finding], notices: [String]) {
        var findings: [Finding] = []
        var notices: [String] = []
        var reported = Set<String>()
        func report(_ rule: ProbeRule, _ url: String, _ text: String, proof: String, severity: Severity? = nil) {
            guard reported.insert(rule.id).inserted else { return }
            findings.append(rule.finding(at: url, text, key: url, proof: proof, severity: severity))
        }
        // Wildcard with credentials can already be seen in ordinary responses.
        for page in pages where page.response.header("Access-Control-Allow-Origin")?.trimmingCharacters(in: .whitespaces) == "*"
            && page.response.header("Access-Control-Allow-Credentials")?.lowercased() == "true" {
            report(ProbeRules.corsWildcardCredentials, page.url.absoluteString,
                   "\(page.url.absoluteString) answers Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true",
                   proof: "curl -i '\(page.url.absoluteString)'")
        }
        var targets = pages.filter { (200..<300).contains($0.response.status) && $0.document != nil }.prefix(1).map(\.url)
        targets += pages.filter { $0.response.contentType.contains("json") }.prefix(2).map(\.url)
        if targets.isEmpty, let first = pages.first { targets = [first.url] }
        for url in targets {
            let text = url.absoluteString
            for origin in [foreignOrigin, "null"] {
                let response: HTTPResponse
                do {
                    response = try client.send("GET", url, headers: [HTTPHeader(name: "Origin", value: origin)], record: false)
                } catch {
                    notices.append("CORS check of \(text) with Origin: \(origin) failed: \(error)")
                    continue
                }
                let allowOrigin = response.header("Access-Control-Allow-Origin")?.trimmingCharacters(in: .whitespaces)
                let credentials = response.header("Access-Control-Allow-Credentials")?.trimmingCharacters(in: .whitespaces).lowercased() == "true"
                let proof = "curl -i -H 'Origin: \(origin)' '\(text)'"
                let credText = credentials ? " and Access-Control-Allow-Credentials: true (any site can read it with the visitor's cookies)" : ""
                if origin == foreignOrigin, allowOrigin == foreignOrigin {
                    report(ProbeRules.corsReflected, text, "\(text) answered Origin: \(origin) with Access-Control-Allow-Origin: \(origin)\(credText)",
                           proof: proof, severity: credentials ? .high : .medium)
                }
                if origin == "null", allowOrigin?.lowercased() == "null" {
                    report(ProbeRules.corsNull, text, "\(text) answered Origin: null with Access-Control-Allow-Origin: null\(credText)",
                           proof: proof, severity: credentials ? .high : .medium)
                }
                if allowOrigin == "*", credentials {
                    report(ProbeRules.corsWildcardCredentials, text, "\(text) answers Access-Control-Allow-Origin: * with Access-Control-Allow-Credentials: true", proof: proof)
                }
            }
        }
        return (findings, notices)
    }
}

import Findings
import Foundation

/// TRACE, and the HTTP→HTTPS redirect when the user names the site's HTTPS address.
enum TransportChecks {
    static func trace(_ start: URL, client: ProbeClient) -> (findings: [Finding], notices: [String]) {
        let marker = "taintline-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        do {
            let response = try client.send("TRACE", start, headers: [HTTPHeader(name: "X-Taintline-Trace", value: marker)], record: false)
            guard (200..<300).contains(response.status), response.bodyText.contains(marker) else { return ([], []) }
            let url = start.absoluteString
            return ([ProbeRules.traceEnabled.finding(at: url, "TRACE \(url) answered HTTP \(response.status) and echoed the request headers back (\(response.header("Content-Type") ?? "no Content-Type"))",
                                                     key: "TRACE", proof: "curl -i -X TRACE -H 'X-Taintline-Trace: test' '\(url)'")], [])
        } catch {
            return ([], ["TRACE check of \(start.absoluteString) failed: \(error)"])
        }
    }

    /// The HTTP start page must redirect to HTTPS. `startResponse` is the crawl's answer for it.
    static func httpsRedirect(start: URL, startResponse: HTTPResponse, httpsURL: URL) -> Finding? {
        if startResponse.isRedirect, let location = startResponse.header("Location"),
           let target = resolve(location, against: start), target.scheme?.lowercased() == "https" {
            return nil
        }
        let url = start.absoluteString
        let answer = startResponse.isRedirect ? "redirects to \(startResponse.header("Location") ?? "nowhere"), not to HTTPS" : "answers HTTP \(startResponse.status) without redirecting"
        return ProbeRules.noHTTPSRedirect.finding(at: url, "\(url) \(answer), though the site is served at \(httpsURL.absoluteString)",
                                                  key: "redirect", proof: "curl -i '\(url)'")
    }
}

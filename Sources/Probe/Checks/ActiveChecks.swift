import Findings
import Foundation

/// The opt-in (`--active`) checks: they send crafted requests, only to the target's origin.
enum ActiveChecks {
    static let externalTarget = "https://taintline.invalid/"
    static let redirectParameters: Set<String> = [
        "next", "url", "redirect", "redirect_to", "redirect_url", "redirect_uri", "redirecturl", "return", "return_to", "returnto",
        "return_url", "returnurl", "continue", "dest", "destination", "goto", "target", "forward", "callback_url", "success_url",
    ]
    static let maxRedirectRequests = 20

    // MARK: Open redirect

    /// (URL, parameter) pairs to try: query parameters of crawled URLs and links, and GET forms' fields.
    static func redirectCandidates(_ pages: [CrawledPage], loginURL: URL?) -> [(url: URL, parameter: String)] {
        var candidates: [(URL, String)] = []
        var seen = Set<String>()
        func consider(_ url: URL, _ names: [String]) {
            for name in names where redirectParameters.contains(name.lowercased()) {
                let id = "\(Origin(url)?.description ?? "")\(url.path)\u{1F}\(name)"
                if seen.insert(id).inserted { candidates.append((url, name)) }
            }
        }
        func queryNames(_ url: URL) -> [String] {
            URLComponents(url: url, resolvingAgainstBaseURL: true)?.queryItems?.map(\.name) ?? []
        }
        for page in pages {
            consider(page.url, queryNames(page.url))
            guard let document = page.document else { continue }
            for link in document.links {
                if let target = resolve(link, against: page.url), Origin(target) == Origin(page.url) { consider(target, queryNames(target)) }
            }
            for form in document.forms where form.method == "get" {
                let action = form.action.isEmpty ? page.url : (resolve(form.action, against: page.url) ?? page.url)
                if Origin(action) == Origin(page.url) { consider(action, form.fields.map(\.name)) }
            }
        }
        if let loginURL { consider(loginURL, queryNames(loginURL)) }
        return candidates
    }

    static func openRedirect(_ pages: [CrawledPage], loginURL: URL?, client: ProbeClient) -> (findings: [Finding], notices: [String]) {
        var findings: [Finding] = []
        var notices: [String] = []
        var sent = 0
        for (url, parameter) in redirectCandidates(pages, loginURL: loginURL) {
            // The plain URL first, then the scheme-relative form that naive `startswith('http')` checks miss.
            for payload in [externalTarget, "//taintline.invalid/"] {
                guard sent < maxRedirectRequests else {
                    notices.append("open-redirect check stopped after \(maxRedirectRequests) requests")
                    return (findings, notices)
                }
                guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { break }
                var items = (components.queryItems ?? []).filter { $0.name != parameter }
                items.append(URLQueryItem(name: parameter, value: payload))
                components.queryItems = items
                guard let probe = components.url else { break }
                sent += 1
                do {
                    let response = try client.send("GET", probe, record: false)
                    if response.isRedirect, let location = response.header("Location"),
                       let target = URL(string: location, relativeTo: probe)?.absoluteURL, target.host?.lowercased() == "taintline.invalid" {
                        findings.append(ProbeRules.openRedirect.finding(
                            at: url.absoluteString, "parameter '\(parameter)' of \(url.path) redirects to an external site: GET \(probe.absoluteString) → HTTP \(response.status) Location: \(location)",
                            key: parameter, proof: "curl -i '\(probe.absoluteString)'", properties: ["parameter": parameter]))
                        break
                    }
                } catch {
                    notices.append("open-redirect check of \(probe.absoluteString) failed: \(error)")
                    break
                }
            }
        }
        return (findings, notices)
    }

    // MARK: Login rate limiting

    private static let throttleWords = ["too many", "rate limit", "ratelimit", "try again later", "temporarily locked", "account locked", "slow down"]

    static func loginRateLimit(loginURL: URL, attempts: Int, client: ProbeClient) -> (findings: [Finding], notices: [String]) {
        let page: HTTPResponse
        do { page = try client.send("GET", loginURL) } catch {
            return ([], ["login rate-limit check: \(loginURL.absoluteString) could not be fetched: \(error)"])
        }
        guard page.isHTML, let form = HTMLDocument(bytes: page.body).forms.first(where: { $0.hasPasswordField }) else {
            return ([], ["login rate-limit check: no form with a password field at \(loginURL.absoluteString) (HTTP \(page.status)); nothing sent"])
        }
        let action = form.action.isEmpty ? loginURL : (resolve(form.action, against: loginURL) ?? loginURL)
        guard Origin(action) == Origin(loginURL) else {
            return ([], ["login rate-limit check: the login form posts to another origin (\(action.absoluteString)); nothing sent"])
        }
        let method = form.method == "post" ? "POST" : "GET"
        var statuses: [Int] = []
        for attempt in 1...min(attempts, ProbeOptions.maxLoginAttempts) {
            let body = formBody(form, attempt: attempt)
            var target = action
            var bodyBytes: [UInt8]?
            var headers: [HTTPHeader] = []
            if method == "POST" {
                bodyBytes = Array(body.utf8)
                headers.append(HTTPHeader(name: "Content-Type", value: "application/x-www-form-urlencoded"))
                headers.append(HTTPHeader(name: "Referer", value: loginURL.absoluteString))  // CSRF protection over HTTPS checks it
            } else if var components = URLComponents(url: action, resolvingAgainstBaseURL: true) {
                components.percentEncodedQuery = body
                target = components.url ?? action
            }
            let response: HTTPResponse
            do { response = try client.send(method, target, headers: headers, body: bodyBytes) } catch {
                return ([], ["login rate-limit check stopped after \(attempt - 1) attempt(s): \(error)"])
            }
            statuses.append(response.status)
            let text = response.bodyText.lowercased()
            if [429, 423, 503].contains(response.status) || response.header("Retry-After") != nil || throttleWords.contains(where: text.contains) {
                return ([], ["login rate limiting seen at \(action.absoluteString): attempt \(attempt) answered HTTP \(response.status)"])
            }
            if attempt == 1, [400, 403, 404, 405, 415, 422].contains(response.status) {
                return ([], ["login rate-limit check inconclusive: the first attempt at \(action.absoluteString) was refused with HTTP \(response.status) (a CSRF or form mismatch?), so later ones would not test the login"])
            }
        }
        let url = loginURL.absoluteString
        let statusText = Dictionary(grouping: statuses, by: { $0 }).sorted { $0.key < $1.key }.map { "HTTP \($0.key) ×\($0.value.count)" }.joined(separator: ", ")
        return ([ProbeRules.loginNoRateLimit.finding(
            at: url, "\(statuses.count) failed logins in a row to \(method) \(action.absoluteString) were all accepted for checking (\(statusText)); none was refused or delayed",
            key: action.absoluteString, proof: "for i in $(seq \(statuses.count)); do curl -s -o /dev/null -w '%{http_code}\\n' -X \(method) --data 'username=x&password=guess'$i '\(action.absoluteString)'; done")], [])
    }

    /// The form as a browser would send it with made-up credentials: hidden fields kept (the
    /// CSRF token), the password and user fields filled with random values, one submit button.
    static func formBody(_ form: HTMLForm, attempt: Int) -> String {
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        var pairs: [(String, String)] = []
        var submitted = false
        for field in form.fields {
            switch field.type {
            case "password": pairs.append((field.name, "tl-wrong-\(random)-\(attempt)"))
            case "hidden": pairs.append((field.name, field.value))
            case "submit", "image":
                if !submitted { pairs.append((field.name, field.value)); submitted = true }  // the button that was "clicked"
            case "button", "checkbox", "radio", "file", "reset": continue
            case "email": pairs.append((field.name, "taintline-\(random)@taintline.invalid"))
            default:
                pairs.append((field.name, field.value.isEmpty ? "taintline-probe-\(random)" : field.value))
            }
        }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return pairs.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }.joined(separator: "&")
    }
}

import Findings
import Foundation

/// `taintline probe`: checks a running web app from the outside, the way a ZAP baseline scan
/// does (passive checks on every page a bounded crawl reaches, plus a few safe requests), and
/// reports in Taintline's finding model. Only the target's origin is ever contacted.
public enum Prober {
    /// Every probe rule's descriptor, for `taintline rules`, `explain` and SARIF.
    public static var rules: [RuleDescriptor] { ProbeRules.all.map(\.descriptor) }

    /// Runs the probe. Network problems never throw: they become notices and failed page
    /// outcomes (`FileOutcome.failed`, which gives exit status 3), so the report is always complete.
    public static func run(_ options: ProbeOptions) -> ScanReport {
        run(options, transport: DefaultTransport())
    }

    static func run(_ options: ProbeOptions, transport: HTTPTransport) -> ScanReport {
        var report = ScanReport(toolVersion: taintlineVersion, roots: [options.target.absoluteString], rules: rules)
        guard let site = Origin(options.target) else {
            report.notices.append("not an http(s) URL: \(options.target.absoluteString)")
            return report
        }
        var allowed: Set<Origin> = [site]
        if let https = options.httpsURL, let httpsOrigin = Origin(https) { allowed.insert(httpsOrigin) }
        // Crawl pages, plus robots.txt, CORS, leak, TRACE and HTTPS requests, plus the active checks.
        let budget = options.maxPages + 40 + (options.active ? ActiveChecks.maxRedirectRequests + ProbeOptions.maxLoginAttempts + 1 : 0)
        let client = ProbeClient(transport: transport, allowed: allowed, timeout: options.timeout, rate: options.rate,
                                 headers: options.headers.map { HTTPHeader(name: $0.name, value: $0.value) },
                                 cookies: options.cookies.map { ($0.name, $0.value) }, maxRequests: budget)

        let crawl = Crawler(client: client, options: options).crawl()
        report.notices += crawl.notices
        report.files = crawl.outcomes
        if crawl.pages.isEmpty {
            if crawl.startFailure == nil { report.notices.append("no page could be checked") }
            return report
        }

        var pages = crawl.pages
        var findings: [Finding] = []
        var siteFindings = SiteFindings()

        if let httpsURL = options.httpsURL {
            if let startPage = pages.first(where: { key($0.url) == key(normalise(options.target) ?? options.target) }),
               let finding = TransportChecks.httpsRedirect(start: startPage.url, startResponse: startPage.response, httpsURL: httpsURL) {
                findings.append(finding)
            }
            do {
                let response = try client.send("GET", httpsURL)
                pages.append(CrawledPage(url: httpsURL, depth: 0, response: response,
                                         document: response.isHTML ? HTMLDocument(bytes: response.body) : nil))
                report.files.append(FileOutcome(path: httpsURL.absoluteString, status: .scanned(partial: response.bodyTruncated)))
            } catch {
                report.notices.append("the HTTPS address \(httpsURL.absoluteString) could not be checked: \(error)")
                report.files.append(FileOutcome(path: httpsURL.absoluteString, status: .failed(reason: "\(error)")))
            }
        }

        HeaderChecks.check(pages, authenticated: client.isAuthenticated, into: &siteFindings)
        let cors = CORSChecks.check(pages, client: client)
        findings += cors.findings
        report.notices += cors.notices
        let leaks = LeakChecks.check(pages, site: site, client: client, into: &siteFindings)
        findings += leaks.findings
        report.notices += leaks.notices
        let trace = TransportChecks.trace(pages[0].url, client: client)
        findings += trace.findings
        report.notices += trace.notices
        findings += FormChecks.check(pages)

        if options.active {
            let redirect = ActiveChecks.openRedirect(pages, loginURL: options.loginURL, client: client)
            findings += redirect.findings
            report.notices += redirect.notices
            if let loginURL = options.loginURL {
                let login = ActiveChecks.loginRateLimit(loginURL: loginURL, attempts: options.loginAttempts, client: client)
                findings += login.findings
                report.notices += login.notices
            }
        }
        // Cookies last: every response recorded so far (crawl, leak checks, login page) counts.
        findings += CookieChecks.check(client.responses)
        findings += siteFindings.findings(site: site)

        report.findings = Fingerprint.disambiguate(findings.sorted(by: Finding.reportOrder))
        let checked = pages.count
        report.notices.append("checked \(checked) page\(checked == 1 ? "" : "s") on \(site) with \(client.requestCount) requests (max pages \(options.maxPages), max depth \(options.maxDepth)\(options.active ? ", active checks on" : "")); pages are listed as the report's files")
        return report
    }
}

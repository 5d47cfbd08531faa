import Findings
import Foundation
import Testing
@testable import Probe

/// A transport that answers from a table and records what was asked.
final class FakeTransport: HTTPTransport, @unchecked Sendable {
    var requests: [HTTPRequest] = []
    let answer: (HTTPRequest) -> HTTPResponse

    init(_ answer: @escaping (HTTPRequest) -> HTTPResponse) { self.answer = answer }

    func send(_ request: HTTPRequest, timeout: Double) throws -> HTTPResponse {
        requests.append(request)
        return answer(request)
    }
}

func response(_ url: String, status: Int = 200, headers: [(String, String)] = [], body: String = "") -> HTTPResponse {
    HTTPResponse(url: URL(string: url)!, method: "GET", status: status, headers: headers.map { HTTPHeader(name: $0.0, value: $0.1) }, body: Array(body.utf8))
}

@Test func clientNeverLeavesTheOriginAndKeepsItsBudget() throws {
    let fake = FakeTransport { response($0.url.absoluteString) }
    let site = try #require(Origin(URL(string: "http://127.0.0.1:8000/")!))
    let client = ProbeClient(transport: fake, allowed: [site], timeout: 1, rate: 1000, headers: [HTTPHeader(name: "Authorization", value: "Bearer t")],
                             cookies: [("sid", "v")], maxRequests: 2)
    for other in ["http://127.0.0.1:8001/", "https://127.0.0.1:8000/", "http://localhost:8000/", "http://evil.example/"] {
        #expect(throws: HTTPFailure.refusedOrigin(other)) { try client.send("GET", URL(string: other)!) }
    }
    #expect(fake.requests.isEmpty)
    _ = try client.send("GET", URL(string: "http://127.0.0.1:8000/a")!)
    #expect(fake.requests[0].headers.contains(HTTPHeader(name: "Authorization", value: "Bearer t")))
    #expect(fake.requests[0].headers.contains(HTTPHeader(name: "Cookie", value: "sid=v")))
    #expect(client.isAuthenticated)
    _ = try client.send("GET", URL(string: "http://127.0.0.1:8000/b")!)
    #expect(throws: HTTPFailure.budgetExhausted) { try client.send("GET", URL(string: "http://127.0.0.1:8000/c")!) }
}

@Test func clientSpacesRequestsToTheRate() throws {
    let fake = FakeTransport { response($0.url.absoluteString) }
    let site = try #require(Origin(URL(string: "http://127.0.0.1:8000/")!))
    let client = ProbeClient(transport: fake, allowed: [site], timeout: 1, rate: 20, headers: [], cookies: [], maxRequests: 10)
    let started = Date()
    for _ in 0..<4 { _ = try client.send("GET", URL(string: "http://127.0.0.1:8000/")!) }
    #expect(Date().timeIntervalSince(started) >= 0.14)  // three gaps of 50 ms
}

@Test func hstsIsCheckedOnHTTPSPages() {
    func findings(_ headers: [(String, String)]) -> [String] {
        var site = SiteFindings()
        let page = CrawledPage(url: URL(string: "https://shop.test/")!, depth: 0,
                               response: response("https://shop.test/", headers: headers + [("X-Content-Type-Options", "nosniff")], body: "{}"), document: nil)
        HeaderChecks.check([page], authenticated: false, into: &site)
        return site.findings(site: Origin(URL(string: "https://shop.test/")!)!).map(\.ruleID)
    }
    #expect(findings([]) == ["PROBE-HSTS-MISSING"])
    #expect(findings([("Strict-Transport-Security", "max-age=300")]) == ["PROBE-HSTS-WEAK"])
    #expect(findings([("Strict-Transport-Security", "max-age=31536000; includeSubDomains")]) == [])
}

@Test func authenticatedPagesNeedNoStore() {
    let url = "http://shop.test/account"
    func rules(cacheControl: String?) -> [String] {
        var site = SiteFindings()
        let headers = [("X-Content-Type-Options", "nosniff")] + (cacheControl.map { [("Cache-Control", $0)] } ?? [])
        let page = CrawledPage(url: URL(string: url)!, depth: 0, response: response(url, headers: headers, body: "{}"), document: nil)
        HeaderChecks.check([page], authenticated: true, into: &site)
        return site.findings(site: Origin(URL(string: url)!)!).map(\.ruleID)
    }
    #expect(rules(cacheControl: nil) == ["PROBE-CACHE-CONTROL"])
    #expect(rules(cacheControl: "private, max-age=60") == ["PROBE-CACHE-CONTROL"])
    #expect(rules(cacheControl: "no-cache, NO-STORE") == [])
}

@Test(arguments: [
    ("Werkzeug/3.1.3 Python/3.11.7", true), ("nginx/1.25.1", true), ("Apache/2.4.57 (Debian)", true), ("Python 3.11", true),
    ("nginx", false), ("cloudflare", false), ("shop", false), ("", false), ("gunicorn", false),
])
func serverVersionDisclosure(value: String, discloses: Bool) {
    #expect(HeaderChecks.disclosesVersion(value) == discloses)
}

@Test func djangoDebugPagesAreRecognised() {
    // Django 5's technical 404 page text (curly apostrophe) and its 500 page header.
    let debug404 = "<p>You’re seeing this error because you have <code>DEBUG = True</code> in your Django settings file.</p>"
    let debug500 = "<table class=\"meta\"><tr><th>Django Version:</th><td>5.1</td></tr></table><div id=\"traceback\"><h2>Traceback</h2>"
    #expect(LeakChecks.isDjangoDebug(debug404))
    #expect(LeakChecks.isDjangoDebug(debug500))
    #expect(!LeakChecks.isDjangoDebug("<h1>Not Found</h1><p>The requested resource was not found on this server.</p>"))
    #expect(!LeakChecks.isWerkzeugDebugger("<h1>Internal Server Error</h1>"))
}

@Test func envAndGitContentMustLookReal() {
    #expect(LeakChecks.envVariableNames("# settings\nSECRET_KEY=x\nexport DB_URL=postgres://\n") == ["SECRET_KEY", "DB_URL"])
    #expect(LeakChecks.envVariableNames("<html><body>Not found</body></html>") == [])
    #expect(LeakChecks.envVariableNames("hello world\nthis is a page\nA=1") == [])
    #expect(LeakChecks.looksLikeGitHead("ref: refs/heads/main\n"))
    #expect(LeakChecks.looksLikeGitHead(String(repeating: "ab", count: 20)))
    #expect(!LeakChecks.looksLikeGitHead("<html>ref: refs/heads/main</html>"))
}

@Test func csrfTokenFieldsNeedATokenLikeNameAndValue() {
    #expect(FormChecks.isTokenField(FormField(tag: "input", name: "csrfmiddlewaretoken", type: "hidden", value: "Xk2p9QmZr7Lw4VbN8cTe")))
    #expect(FormChecks.isTokenField(FormField(tag: "input", name: "authenticity_token", type: "hidden", value: "a1b2c3d4e5f6g7h8i9j0")))
    #expect(!FormChecks.isTokenField(FormField(tag: "input", name: "csrf_token", type: "hidden", value: "")))
    #expect(!FormChecks.isTokenField(FormField(tag: "input", name: "csrf_token", type: "hidden", value: "aaaaaaaaaaaaaaaaaaaa")))
    #expect(!FormChecks.isTokenField(FormField(tag: "input", name: "product_id", type: "hidden", value: "Xk2p9QmZr7Lw4VbN8cTe")))
}

@Test func httpsRedirectCheck() {
    let start = URL(string: "http://shop.test/")!
    let https = URL(string: "https://shop.test/")!
    #expect(TransportChecks.httpsRedirect(start: start, startResponse: response("http://shop.test/", status: 301, headers: [("Location", "https://shop.test/")]), httpsURL: https) == nil)
    #expect(TransportChecks.httpsRedirect(start: start, startResponse: response("http://shop.test/", status: 302, headers: [("Location", "/home")]), httpsURL: https)?.ruleID == "PROBE-NO-HTTPS-REDIRECT")
    #expect(TransportChecks.httpsRedirect(start: start, startResponse: response("http://shop.test/"), httpsURL: https)?.ruleID == "PROBE-NO-HTTPS-REDIRECT")
}

@Test func cookieChecksOnHTTPS() {
    let secure = response("https://shop.test/", headers: [("Set-Cookie", "session=x; Secure; HttpOnly; SameSite=Lax")])
    #expect(CookieChecks.check([secure]).isEmpty)
    let insecure = response("https://shop.test/", headers: [("Set-Cookie", "session=x; SameSite=None"), ("Set-Cookie", "gone=; Max-Age=0")])
    #expect(CookieChecks.check([insecure]).map(\.ruleID).sorted() == ["PROBE-COOKIE-NO-HTTPONLY", "PROBE-COOKIE-NO-SAMESITE", "PROBE-COOKIE-NO-SECURE"])
}

@Test func rawHTTPResponsesParse() throws {
    let raw = Array("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n".utf8)
    let parsed = try SocketTransport.parse(raw, url: URL(string: "http://x/")!, method: "GET")
    #expect(parsed.status == 200)
    #expect(parsed.headers(named: "set-cookie") == ["a=1", "b=2"])
    #expect(parsed.bodyText == "hello world")
    #expect(throws: HTTPFailure.self) { try SocketTransport.parse(Array("garbage\r\n\r\n".utf8), url: URL(string: "http://x/")!, method: "GET") }
}

@Test func optionsAreValidated() throws {
    func error(_ change: (inout ProbeOptions) -> Void) -> String? {
        var options = ProbeOptions(target: URL(string: "http://127.0.0.1:5000/")!)
        change(&options)
        do { _ = try options.validated(); return nil } catch { return "\(error)" }
    }
    #expect(error { _ in } == nil)
    #expect(error { $0.target = URL(string: "ftp://x/")! }?.contains("http:// or https://") == true)
    #expect(error { $0.loginURL = URL(string: "http://127.0.0.1:5000/login") }?.contains("--active") == true)
    #expect(error { $0.active = true; $0.loginURL = URL(string: "http://other.test/login") }?.contains("origin") == true)
    #expect(error { $0.httpsURL = URL(string: "https://other.test/") }?.contains("same host") == true)
    #expect(error { $0.loginAttempts = 21 } != nil)
    #expect(error { $0.rate = 0 } != nil)
    #expect(error { $0.headers = [("Bad Name", "x")] } != nil)
    #expect(try ProbeOptions.parseHeader("Authorization: Bearer a:b") == ("Authorization", "Bearer a:b"))
    #expect(try ProbeOptions.parseCookie("session=a=b") == ("session", "a=b"))
    #expect(throws: ProbeOptionError.self) { try ProbeOptions.parseHeader("no colon") }
}

@Test(arguments: Prober.rules)
func ruleDescriptorsAreComplete(rule: RuleDescriptor) {
    #expect(rule.id.hasPrefix("PROBE-"))
    #expect(rule.analysis == .probe)
    for heading in ["## What it does", "## Why is this bad?", "## Example", "## Use instead", "## References"] {
        #expect(rule.documentation.contains(heading), "\(rule.id) lacks \(heading)")
    }
    #expect(ProbeRules.all.filter { $0.id == rule.id }.count == 1)
    #expect(!rule.references.isEmpty)
}

@Test func loginFormBodyKeepsHiddenFieldsAndOneSubmit() {
    let form = HTMLDocument("""
    <form method=post><input type=hidden name=csrf_token value="t&amp;1"><input name=username><input type=password name=password>
    <input type=checkbox name=remember><button name=action value=login>Log in</button><button name=action2 value=other>Other</button>
    <button type=button name=show value=1>Show</button></form>
    """).forms[0]
    let body = ActiveChecks.formBody(form, attempt: 1)
    let names = body.split(separator: "&").map { String($0.split(separator: "=", maxSplits: 1)[0]) }
    #expect(names == ["csrf_token", "username", "password", "action"])
    #expect(body.hasPrefix("csrf_token=t%261&username=taintline-probe-"))
    #expect(body.contains("&password=tl-wrong-"))
}

@Test func redirectCandidatesComeFromLinksAndGetForms() {
    let html = """
    <a href="/login?next=/account">in</a><a href="/search?q=x">s</a><a href="https://other.test/?url=x">off</a>
    <form action="/jump"><input name=dest></form><form method=post action="/save"><input name=return_to></form>
    """
    let url = URL(string: "http://shop.test/")!
    let page = CrawledPage(url: url, depth: 0, response: response("http://shop.test/", headers: [("Content-Type", "text/html")], body: html), document: HTMLDocument(html))
    let candidates = ActiveChecks.redirectCandidates([page], loginURL: nil).map { "\($0.url.path) \($0.parameter)" }
    #expect(candidates == ["/login next", "/jump dest"])
}

/// The CSRF finding says what is wrong with the token field that is there, not that there is none.
@Test func csrfFindingSaysWhatIsWrongWithTheTokenField() {
    func description(_ form: String) -> String? {
        let url = URL(string: "http://shop.test/")!
        let page = CrawledPage(url: url, depth: 0, response: response("http://shop.test/", headers: [("Content-Type", "text/html")], body: form), document: HTMLDocument(form))
        return FormChecks.check([page]).first?.description
    }
    let short = description("<form method=post action=/buy><input type=hidden name=csrf_token value=abc123><input name=qty></form>")
    #expect(short?.contains("`csrf_token` holds a 6-character value (\"abc123\"), too short to be unguessable") == true, "\(short ?? "none")")
    #expect(short?.contains("has no anti-CSRF token field") == false)
    let constant = description("<form method=post action=/buy><input type=hidden name=csrf_token value=aaaaaaaaaaaaaaaaaaaa></form>")
    #expect(constant?.contains("only 1 distinct character") == true, "\(constant ?? "none")")
    let empty = description("<form method=post action=/buy><input type=hidden name=_csrf value=\"\"></form>")
    #expect(empty?.contains("`_csrf` is empty") == true, "\(empty ?? "none")")
    let none = description("<form method=post action=/buy><input name=qty></form>")
    #expect(none?.contains("has no anti-CSRF token field") == true, "\(none ?? "none")")
    #expect(description("<form method=post action=/buy><input type=hidden name=csrf_token value=Xk2p9QmZr7Lw4VbN8cTe></form>") == nil)
}

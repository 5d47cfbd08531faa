import ArgumentParser
import Findings
import Foundation
import Probe

struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Checks a running web app from the outside (headers, cookies, CORS, leaks, forms).",
        discussion: """
        Crawls the app from URL (same origin only, GET only, within --max-pages and --max-depth, \
        at most --rate requests per second, honouring robots.txt) and checks every response: \
        security headers and CSP, cookie flags, CORS, debuggers and debug pages, stack traces, \
        directory listings, exposed /.git and /.env and backups, TRACE, POST forms without CSRF \
        tokens. Forms are never submitted unless --active is given, which adds an open-redirect \
        check and, with --login-url, a short burst of failed logins (at most 20) to test rate \
        limiting. No host other than the URL's origin (and --https-url's) is ever contacted. \
        Probe only apps you are allowed to test.

        Pages that could not be fetched are listed as failed files (exit status 3 unless \
        --allow-failed-files).
        """)

    @Argument(help: "The start URL of the running app, e.g. http://127.0.0.1:5000/.")
    var url: String

    @Option(name: .customLong("https-url"), help: ArgumentHelp("The site's HTTPS address when URL is plain HTTP: checks that HTTP redirects there, and HSTS on it.", valueName: "url"))
    var httpsURL: String?

    @Option(name: .customLong("max-pages"), help: "Most pages to fetch while crawling.")
    var maxPages = 50

    @Option(name: .customLong("max-depth"), help: "Most links to follow from the start URL (0: the start page only).")
    var maxDepth = 3

    @Option(help: "Most requests per second.")
    var rate = 5.0

    @Option(help: "Seconds allowed for each request.")
    var timeout = 10.0

    @Flag(name: .customLong("ignore-robots"), help: "Crawl pages that robots.txt disallows.")
    var ignoreRobots = false

    @Option(name: .customLong("header"), help: ArgumentHelp("A header sent with every request, 'Name: value' (repeatable), e.g. for authentication.", valueName: "header"))
    var headers: [String] = []

    @Option(name: .customLong("cookie"), help: ArgumentHelp("A cookie sent with every request, 'name=value' (repeatable).", valueName: "cookie"))
    var cookies: [String] = []

    @Flag(help: "Also run checks that send crafted requests: open redirect, and the login burst with --login-url.")
    var active = false

    @Option(name: .customLong("login-url"), help: ArgumentHelp("The login page whose form gets a burst of failed logins to test rate limiting (needs --active).", valueName: "url"))
    var loginURL: String?

    @Option(name: .customLong("login-attempts"), help: "Failed logins to send with --login-url (1 to 20).")
    var loginAttempts = 20

    @OptionGroup var report: ReportOptions

    func makeOptions() throws -> ProbeOptions {
        guard let target = URL(string: url) else { throw ValidationError("not a URL: '\(url)'") }
        var options = ProbeOptions(target: target)
        if let httpsURL {
            guard let parsed = URL(string: httpsURL) else { throw ValidationError("--https-url: not a URL: '\(httpsURL)'") }
            options.httpsURL = parsed
        }
        if let loginURL {
            guard let parsed = URL(string: loginURL) else { throw ValidationError("--login-url: not a URL: '\(loginURL)'") }
            options.loginURL = parsed
        }
        options.maxPages = maxPages
        options.maxDepth = maxDepth
        options.rate = rate
        options.timeout = timeout
        options.ignoreRobots = ignoreRobots
        options.active = active
        options.loginAttempts = loginAttempts
        do {
            options.headers = try headers.map(ProbeOptions.parseHeader)
            options.cookies = try cookies.map(ProbeOptions.parseCookie)
            return try options.validated()
        } catch let error as ProbeOptionError {
            throw ValidationError(error.description)
        }
    }

    func validate() throws {
        _ = try makeOptions()
    }

    func run() throws {
        try finish(Prober.run(try makeOptions()), report)
    }
}

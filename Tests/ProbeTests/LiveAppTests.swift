import Findings
import Foundation
import Testing
@testable import Probe

/// Probes real Flask apps on 127.0.0.1 (Tests/ProbeTests/Apps). Serialized: each test starts
/// its own server, and the machine is shared.
@Suite(.serialized) struct LiveAppTests {
    /// "RULE path" (plus " cookie" for cookie findings), for exact comparisons both ways.
    static func summary(_ report: ScanReport, base: String) -> [String] {
        report.findings.map { finding in
            let path = finding.location.file.hasPrefix(base) ? String(finding.location.file.dropFirst(base.count)) : finding.location.file
            return [finding.ruleID, path, finding.properties["cookie"]].compactMap { $0 }.joined(separator: " ")
        }.sorted()
    }

    static func options(_ url: String) throws -> ProbeOptions {
        var options = ProbeOptions(target: try #require(URL(string: url)))
        options.rate = 100  // loopback test app; the default 5/s would only slow the test
        options.timeout = 5
        return options
    }

    @Test func misconfiguredAppShowsEveryProblem() throws {
        let app = try TestApp("misconfigured_app.py")
        defer { app.stop() }
        var options = try Self.options(app.base + "/")
        options.active = true
        options.loginURL = URL(string: app.base + "/login")
        options.httpsURL = URL(string: "https://127.0.0.1:1/")  // nothing listens: the redirect check still runs
        let report = Prober.run(try options.validated())

        let expected = [
            // Site-wide header findings, at the site root.
            "PROBE-CACHE-CONTROL /", "PROBE-CLICKJACKING /", "PROBE-CSP-MISSING /", "PROBE-CSP-MISSING-DIRECTIVE /",
            "PROBE-CSP-UNSAFE-EVAL /", "PROBE-CSP-UNSAFE-INLINE /", "PROBE-CSP-WILDCARD /", "PROBE-PERMISSIONS-POLICY-MISSING /",
            "PROBE-REFERRER-POLICY /", "PROBE-SERVER-VERSION /", "PROBE-X-POWERED-BY /", "PROBE-XCTO-MISSING /",
            // The start page.
            "PROBE-CORS-NULL-ORIGIN /", "PROBE-CORS-REFLECTED-ORIGIN /", "PROBE-FORM-NO-CSRF /", "PROBE-NO-HTTPS-REDIRECT /", "PROBE-TRACE-ENABLED /",
            // Cookies, at the response that set them.
            "PROBE-COOKIE-LONG-EXPIRY / remember_token", "PROBE-COOKIE-NO-HTTPONLY / remember_token", "PROBE-COOKIE-NO-HTTPONLY / session",
            "PROBE-COOKIE-NO-SAMESITE / prefs", "PROBE-COOKIE-NO-SAMESITE / remember_token", "PROBE-COOKIE-NO-SAMESITE / session",
            "PROBE-COOKIE-NO-SECURE / prefs", "PROBE-COOKIE-OVER-HTTP / remember_token", "PROBE-COOKIE-OVER-HTTP / session",
            // Leaks and the rest, where they are.
            "PROBE-ENV-EXPOSED /.env", "PROBE-GIT-EXPOSED /.git/HEAD", "PROBE-CORS-WILDCARD-CREDENTIALS /api/public", "PROBE-BACKUP-FILE /backup.sql",
            "PROBE-WERKZEUG-DEBUGGER /console", "PROBE-STACK-TRACE /export", "PROBE-DIRECTORY-LISTING /files/", "PROBE-OPEN-REDIRECT /go?next=/products",
            "PROBE-FORM-NO-CSRF /login", "PROBE-LOGIN-NO-RATE-LIMIT /login", "PROBE-WERKZEUG-DEBUGGER /report",
        ].sorted()
        #expect(Self.summary(report, base: app.base) == expected)

        // Every finding is a probe finding with the rule's metadata.
        for finding in report.findings {
            #expect(finding.analysis == .probe)
            #expect(ProbeRules.all.contains { $0.id == finding.ruleID && $0.descriptor.cwe == finding.cwe })
        }
        // Secrets and session values are never printed.
        let everything = report.findings.map { "\($0.description) \($0.proofOfConcept ?? "")" }.joined(separator: "\n")
        #expect(!everything.contains("dev-secret-not-real"))
        #expect(!everything.contains("u1-4f9c2a7d"))
        #expect(everything.contains("SECRET_KEY, DATABASE_URL"))
        // Missing headers are reported once per site, with the pages.
        let csp = try #require(report.findings.first { $0.ruleID == "PROBE-CSP-MISSING" })
        #expect(csp.properties["pages"]?.contains(app.base + "/login") == true)
        #expect(Int(csp.properties["pageCount"] ?? "") ?? 0 >= 5)
        // The pages checked are the report's files; nothing off the origin was requested.
        let checked = report.files.compactMap { if case .scanned = $0.status { return $0.path } else { return nil } }
        #expect(checked.contains(app.base + "/"))
        #expect(checked.contains(app.base + "/files/"))
        #expect(!report.files.contains { $0.path.contains("example.com") })
        #expect(report.files.contains { $0.path == "https://127.0.0.1:1/" && $0.status != .scanned(partial: false) })
        #expect(report.notices.contains { $0.contains("https://127.0.0.1:1/") && $0.contains("could not be checked") })
        #expect(report.notices.contains { $0.hasPrefix("checked ") })
    }

    @Test func hardenedAppIsClean() throws {
        let app = try TestApp("hardened_app.py")
        defer { app.stop() }
        var options = try Self.options(app.base + "/")
        options.active = true
        options.loginURL = URL(string: app.base + "/login")
        let report = Prober.run(try options.validated())
        #expect(Self.summary(report, base: app.base) == [], "\(report.findings.map(\.description))")
        // The login burst met the rate limit, robots.txt kept the crawler out of /admin/.
        #expect(report.notices.contains { $0.contains("login rate limiting seen") && $0.contains("HTTP 429") })
        #expect(report.files.contains { $0.path == app.base + "/admin/" && $0.status == .skipped(reason: "disallowed by robots.txt (use --ignore-robots to include it)") })
        #expect(report.files.contains { $0.path == app.base + "/products?page=2" })
        #expect(report.failedFiles.isEmpty)

        // With --ignore-robots the 403 page is fetched too, and still clean.
        options.ignoreRobots = true
        options.active = false
        options.loginURL = nil
        let unrestricted = Prober.run(try options.validated())
        #expect(unrestricted.findings.isEmpty)
        #expect(unrestricted.files.contains { $0.path == app.base + "/admin/" && $0.status == .scanned(partial: false) })
    }

    @Test func djangoDebugPagesAreFound() throws {
        let app = try TestApp("django_debug_app.py")
        defer { app.stop() }
        let report = Prober.run(try Self.options(app.base + "/home/").validated())
        let debug = report.findings.filter { $0.ruleID == "PROBE-DJANGO-DEBUG" }
        #expect(debug.count == 1)
        // The broken link the crawl followed, then the probe's own not-found request.
        #expect(debug.first?.location.file == app.base + "/missing-page")
        #expect(debug.first?.properties["pages"]?.contains("/taintline-probe-") == true)
        #expect(!report.findings.contains { $0.ruleID == "PROBE-STACK-TRACE" || $0.ruleID == "PROBE-WERKZEUG-DEBUGGER" })
    }

    @Test func crawlerLimitsAreHonoured() throws {
        let app = try TestApp("misconfigured_app.py")
        defer { app.stop() }
        var options = try Self.options(app.base + "/")
        options.maxPages = 3
        let limited = Prober.run(try options.validated())
        #expect(limited.files.filter { if case .scanned = $0.status { return true } else { return false } }.count == 3)
        #expect(limited.notices.contains { $0.contains("stopped at --max-pages 3") })

        options.maxPages = 50
        options.maxDepth = 0
        let startOnly = Prober.run(try options.validated())
        #expect(startOnly.files.map(\.path) == [app.base + "/"])
        // Passive run: no open-redirect or login finding without --active.
        #expect(!startOnly.findings.contains { $0.ruleID == "PROBE-OPEN-REDIRECT" || $0.ruleID == "PROBE-LOGIN-NO-RATE-LIMIT" })
    }

    @Test func redirectLoopsNonHTMLAndOffsiteRedirectsAreExplained() throws {
        let app = try TestApp("edge_app.py")
        defer { app.stop() }
        let loop = Prober.run(try Self.options(app.base + "/loop1").validated())
        #expect(loop.notices.contains { $0.hasPrefix("redirect loop: ") && $0.contains("/loop1") && $0.contains("/loop2") })

        let json = Prober.run(try Self.options(app.base + "/data").validated())
        #expect(json.notices.contains { $0.contains("application/json, not HTML") })

        let offsite = Prober.run(try Self.options(app.base + "/offsite").validated())
        #expect(offsite.notices.contains { $0.contains("were not followed") && $0.contains("https://example.com/elsewhere") })
        #expect(!offsite.files.contains { $0.path.contains("example.com") })
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/openssl"), "needs openssl to make a certificate"))
    func untrustedCertificatesGiveATLSNotice() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("taintline-tls-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let cert = folder.appendingPathComponent("cert.pem").path, key = folder.appendingPathComponent("key.pem").path
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=127.0.0.1"]
        openssl.standardError = FileHandle.nullDevice
        openssl.standardOutput = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        let app = try TestApp("tls_app.py", environment: ["TLS_CERT": cert, "TLS_KEY": key], scheme: "https")
        defer { app.stop() }
        Thread.sleep(forTimeInterval: 0.5)
        let report = Prober.run(try Self.options(app.base + "/").validated())
        #expect(report.findings.isEmpty)
        #expect(report.failedFiles.map(\.path) == [app.base + "/"])
        #expect(report.notices.contains { $0.contains("TLS error") }, "\(report.notices)")
    }

    @Test func unreachableAndSilentHostsGiveClearNotices() throws {
        // Connection refused: nothing listens on port 1.
        let refused = Prober.run(try Self.options("http://127.0.0.1:1/").validated())
        #expect(refused.findings.isEmpty)
        #expect(refused.notices.contains { $0.contains("cannot connect to 127.0.0.1:1") })
        #expect(refused.failedFiles.map(\.path) == ["http://127.0.0.1:1/"])

        // A port that accepts connections but never answers: a timeout, bounded.
        let listener = try #require(SilentListener())
        defer { listener.close() }
        var options = try Self.options("http://127.0.0.1:\(listener.port)/")
        options.timeout = 0.5
        options.ignoreRobots = true
        let started = Date()
        let silent = Prober.run(try options.validated())
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(silent.notices.contains { $0.contains("no complete response within 0.5 s") })
        #expect(silent.findings.isEmpty)
    }
}

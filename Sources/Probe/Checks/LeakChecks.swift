import Findings
import Foundation

/// Leaks a response body can show by itself.
enum BodyLeak: Sendable {
    case werkzeugDebugger, djangoDebug, stackTrace, directoryListing
}

/// Information leaks: debuggers and debug pages, stack traces, directory listings, and a
/// fixed, short list of well-known files (`/.git/HEAD`, `/.env`, backups). About ten requests.
enum LeakChecks {
    /// Well-known backup paths and how to recognise a real one by its first bytes or text.
    static let backupPaths: [(path: String, looksReal: ([UInt8]) -> Bool)] = [
        ("/backup.zip", { $0.starts(with: [0x50, 0x4B, 0x03, 0x04]) }),
        ("/backup.tar.gz", { $0.starts(with: [0x1F, 0x8B]) }),
        ("/backup.sql", looksLikeSQL),
        ("/db.sqlite3", { $0.starts(with: Array("SQLite format 3".utf8)) }),
        ("/app.py.bak", looksLikePython),
        ("/config.py.bak", looksLikePython),
    ]

    static func check(_ pages: [CrawledPage], site: Origin, client: ProbeClient, into aggregate: inout SiteFindings) -> (findings: [Finding], notices: [String]) {
        var findings: [Finding] = []
        var notices: [String] = []
        var extra: [(URL, HTTPResponse)] = []
        func fetch(_ path: String) -> HTTPResponse? {
            guard let url = URL(string: site.description + path) else { return nil }
            do {
                let response = try client.send("GET", url)
                extra.append((url, response))
                return response
            } catch {
                notices.append("leak check \(path) failed: \(error)")
                return nil
            }
        }
        // The site's answer for a page that cannot exist: a debug 404 shows here, and it tells
        // "soft 404" sites (200 for everything) apart from real files.
        let missingPath = "/taintline-probe-\(String(UInt64.random(in: 0...UInt64.max), radix: 16))"
        let notFound = fetch(missingPath)

        if let console = fetch("/console"), console.status == 200, isWerkzeugDebugger(console.bodyText) {
            let url = site.description + "/console"
            findings.append(ProbeRules.werkzeugDebugger.finding(
                at: url, "\(url) serves the Werkzeug interactive console (HTTP 200, page mentions __debugger__): anyone who gets past the PIN runs Python on the server",
                key: "/console", proof: "curl -i '\(url)'"))
        }

        let seen = pages.map { ($0.url, $0.response.status, $0.leaks) } + extra.map { ($0.0, $0.1.status, bodyLeaks($0.1)) }
        for (url, status, leaks) in seen {
            let page = url.absoluteString
            for leak in leaks {
                switch leak {
                case .werkzeugDebugger where url.path != "/console":
                    aggregate.add(ProbeRules.werkzeugDebugger, "Werkzeug debugger traceback (HTTP \(status), __debugger__ links) served", page: page, atFirstPage: true)
                case .werkzeugDebugger:
                    continue  // reported with the console itself
                case .djangoDebug:
                    aggregate.add(ProbeRules.djangoDebug, "Django debug page (DEBUG = True) served with HTTP \(status)", page: page, atFirstPage: true)
                case .stackTrace:
                    aggregate.add(ProbeRules.stackTrace, "Python traceback in the response (HTTP \(status))", page: page, atFirstPage: true)
                case .directoryListing:
                    aggregate.add(ProbeRules.directoryListing, "server-generated directory listing", page: page, atFirstPage: true)
                }
            }
        }

        if let head = fetch("/.git/HEAD"), head.status == 200, looksLikeGitHead(head.bodyText) {
            let url = site.description + "/.git/HEAD"
            findings.append(ProbeRules.gitExposed.finding(at: url, "\(url) answered HTTP 200 with a git HEAD file ('\(head.bodyText.trimmingCharacters(in: .whitespacesAndNewlines).prefix(60))'): the repository can be downloaded", key: "/.git/HEAD", proof: "curl '\(url)'"))
        }
        if let env = fetch("/.env"), env.status == 200, !env.isHTML {
            let names = envVariableNames(env.bodyText)
            if !names.isEmpty {
                let url = site.description + "/.env"
                findings.append(ProbeRules.envExposed.finding(at: url, "\(url) answered HTTP 200 with \(names.count) variable(s): \(names.prefix(12).joined(separator: ", ")) (values not shown)", key: "/.env",
                                                              proof: "curl '\(url)'", properties: ["variables": names.joined(separator: " ")]))
            }
        }
        for (path, looksReal) in backupPaths {
            guard let response = fetch(path), response.status == 200, !response.body.isEmpty, !response.isHTML,
                  response.body != notFound?.body, looksReal(response.body) else { continue }
            let url = site.description + path
            findings.append(ProbeRules.backupFile.finding(at: url, "\(url) answered HTTP 200 with \(response.body.count)\(response.bodyTruncated ? "+" : "") bytes of \(response.header("Content-Type") ?? "untyped") content that looks like a real \(path) file",
                                                          key: path, proof: "curl -o /dev/null -w '%{http_code}' '\(url)'"))
        }
        return (findings, notices)
    }

    /// What a response body gives away. Computed on the whole body while crawling, so pages
    /// can be kept with a shortened body.
    static func bodyLeaks(_ response: HTTPResponse, title: String? = nil) -> [BodyLeak] {
        let text = response.bodyText
        var leaks: [BodyLeak] = []
        if isWerkzeugDebugger(text) {
            leaks.append(.werkzeugDebugger)
        } else if isDjangoDebug(text) {
            leaks.append(.djangoDebug)
        } else if text.contains("Traceback (most recent call last)") {
            leaks.append(.stackTrace)
        }
        if response.isHTML {
            let pageTitle = (title ?? HTMLDocument(bytes: Array(response.body.prefix(64 * 1024))).title)?.lowercased() ?? ""
            if pageTitle.hasPrefix("index of /") || pageTitle.hasPrefix("directory listing for /") { leaks.append(.directoryListing) }
        }
        return leaks
    }

    static func isWerkzeugDebugger(_ text: String) -> Bool {
        text.contains("__debugger__") && (text.contains("Werkzeug") || text.contains("werkzeug"))
    }

    static func isDjangoDebug(_ text: String) -> Bool {
        (text.contains("DEBUG = True") && text.contains("seeing this error")) || (text.contains("Django Version:") && text.contains("Traceback"))
    }

    static func looksLikeGitHead(_ text: String) -> Bool {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("ref: refs/") { return true }
        return trimmed.count == 40 && trimmed.allSatisfy(\.isHexDigit)
    }

    /// Names of `KEY=value` lines when most non-comment lines are such assignments.
    static func envVariableNames(_ text: String) -> [String] {
        var names: [String] = []
        var other = 0
        for raw in text.split(whereSeparator: \.isNewline).prefix(500) {
            var line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
            if let equals = line.firstIndex(of: "="), equals != line.startIndex,
               line[..<equals].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }), line.first?.isNumber == false {
                names.append(String(line[..<equals]))
            } else {
                other += 1
            }
        }
        return names.count > other ? names : []
    }

    static func looksLikeSQL(_ body: [UInt8]) -> Bool {
        let text = String(decoding: body.prefix(64 * 1024), as: UTF8.self).uppercased()
        return text.contains("CREATE TABLE") || text.contains("INSERT INTO") || text.hasPrefix("-- MYSQL DUMP") || text.contains("POSTGRESQL DATABASE DUMP")
    }

    static func looksLikePython(_ body: [UInt8]) -> Bool {
        let text = String(decoding: body.prefix(64 * 1024), as: UTF8.self)
        return !text.lowercased().contains("<html") && (text.contains("import ") || text.contains("def ") || text.contains("SECRET_KEY"))
    }
}

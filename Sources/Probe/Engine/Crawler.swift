import Findings
import Foundation

/// One page the crawler fetched.
struct CrawledPage {
    var url: URL
    var depth: Int
    var response: HTTPResponse
    /// Parsed when the response is HTML.
    var document: HTMLDocument?
    /// Debug pages, tracebacks, listings seen in the whole body (the kept body may be shortened).
    var leaks: [BodyLeak] = []

    /// How much of a page's body is kept after the crawl has read it, to bound memory.
    static let keptBody = 64 * 1024

    init(url: URL, depth: Int, response: HTTPResponse, document: HTMLDocument?) {
        self.url = url
        self.depth = depth
        self.document = document
        self.leaks = LeakChecks.bodyLeaks(response, title: document?.title)
        var kept = response
        if kept.body.count > Self.keptBody { kept.body = Array(kept.body[0..<Self.keptBody]) }
        self.response = kept
    }
}

/// What a crawl produced: the pages, one outcome per URL it met, and notices for the user.
struct CrawlResult {
    var pages: [CrawledPage] = []
    var outcomes: [FileOutcome] = []
    var notices: [String] = []
    var startFailure: HTTPFailure?
    var stoppedAtPageLimit = false
}

/// A bounded, same-origin, GET-only crawler: breadth first from the start URL, following
/// `a`/`area` links, frames and form actions (fetched with GET, never submitted), within
/// `--max-pages` and `--max-depth`, honouring robots.txt unless told not to.
struct Crawler {
    let client: ProbeClient
    let options: ProbeOptions

    /// Links that would end an authenticated session or that are not pages.
    private static let skippedPathWords = ["logout", "log-out", "log_out", "signout", "sign-out", "sign_out"]
    private static let skippedExtensions: Set<String> = [
        "png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "bmp", "css", "js", "mjs", "map", "woff", "woff2", "ttf", "otf", "eot",
        "pdf", "zip", "gz", "tgz", "bz2", "xz", "7z", "rar", "tar", "mp3", "mp4", "webm", "ogg", "wav", "avi", "mov", "iso", "dmg", "exe",
    ]

    func crawl() -> CrawlResult {
        var result = CrawlResult()
        let start = normalise(options.target) ?? options.target
        guard let origin = Origin(start) else { return result }
        var robots: RobotsTxt?
        if !options.ignoreRobots, let robotsURL = URL(string: origin.rootURL + "robots.txt") {
            do {
                let response = try client.send("GET", robotsURL, record: false)
                if response.status == 200 && !response.isHTML { robots = RobotsTxt(response.bodyText) }
            } catch let failure as HTTPFailure {
                if case .refusedOrigin = failure {} else {
                    result.notices.append("robots.txt could not be read (\(failure)); crawling as if it allowed everything")
                }
            } catch {}
        }

        var queue: [(url: URL, depth: Int)] = [(start, 0)]
        var head = 0
        var seen: Set<String> = [key(start)]
        var redirects: [String: String] = [:]
        var nonHTML: [String] = []
        var offOrigin: [String] = []
        while head < queue.count {
            if result.pages.count >= options.maxPages {
                result.stoppedAtPageLimit = true
                break
            }
            let (url, depth) = queue[head]
            head += 1
            let requestPath = pathAndQuery(url)
            if let robots, !robots.allows(requestPath) {
                result.outcomes.append(FileOutcome(path: url.absoluteString, status: .skipped(reason: "disallowed by robots.txt (use --ignore-robots to include it)")))
                if url == start { result.notices.append("robots.txt disallows the start URL \(url.absoluteString); nothing crawled (use --ignore-robots)") }
                continue
            }
            let response: HTTPResponse
            do {
                response = try client.send("GET", url)
            } catch let failure as HTTPFailure {
                if case .budgetExhausted = failure { result.notices.append("request budget exhausted; crawl stopped"); break }
                result.outcomes.append(FileOutcome(path: url.absoluteString, status: .failed(reason: failure.description)))
                if url == start {
                    result.startFailure = failure
                    result.notices.append("\(url.absoluteString): \(failure)")
                }
                continue
            } catch {
                result.outcomes.append(FileOutcome(path: url.absoluteString, status: .failed(reason: "\(error)")))
                continue
            }
            var document: HTMLDocument?
            result.outcomes.append(FileOutcome(path: url.absoluteString, status: .scanned(partial: response.bodyTruncated)))

            if response.isRedirect {
                guard let location = response.header("Location"), let target = resolve(location, against: url) else {
                    result.notices.append("\(url.absoluteString): HTTP \(response.status) redirect without a usable Location header")
                    result.pages.append(CrawledPage(url: url, depth: depth, response: response, document: nil))
                    continue
                }
                redirects[key(url)] = key(target)
                if Origin(target) != origin {
                    offOrigin.append("\(url.absoluteString) → \(target.absoluteString)")
                } else if seen.insert(key(target)).inserted {
                    queue.append((target, depth))  // a redirect hop stays at the same depth
                } else if let loop = redirectLoop(from: key(url), redirects) {
                    result.notices.append("redirect loop: \(loop.joined(separator: " → "))")
                }
            } else if response.isHTML {
                let parsed = HTMLDocument(bytes: response.body)
                document = parsed
                if depth < options.maxDepth {
                    let base = parsed.baseHref.flatMap { resolve($0, against: url) } ?? url
                    for link in parsed.links {
                        guard let target = resolve(link, against: base), Origin(target) == origin, shouldFollow(target) else { continue }
                        if seen.insert(key(target)).inserted { queue.append((target, depth + 1)) }
                    }
                }
            } else if !response.body.isEmpty || (200..<300).contains(response.status) {
                let type = response.header("Content-Type") ?? "no Content-Type"
                nonHTML.append("\(url.absoluteString) (\(type))")
                if url == start {
                    result.notices.append("the start URL \(url.absoluteString) answered \(type), not HTML: there are no links to follow; only its headers and the site-wide checks were run")
                }
            }
            result.pages.append(CrawledPage(url: url, depth: depth, response: response, document: document))
        }
        if !offOrigin.isEmpty {
            result.notices.append("redirects to other origins were not followed (the probe contacts \(origin) only): " + offOrigin.prefix(10).joined(separator: "; "))
        }
        if !nonHTML.isEmpty {
            result.notices.append("\(nonHTML.count) response(s) were not HTML and were checked for headers only: " + nonHTML.prefix(10).joined(separator: "; ") + (nonHTML.count > 10 ? "; …" : ""))
        }
        if result.stoppedAtPageLimit {
            result.notices.append("stopped at --max-pages \(options.maxPages); \(queue.count - head) more URL(s) were found but not checked")
        }
        return result
    }

    private func shouldFollow(_ url: URL) -> Bool {
        let path = url.path.lowercased()
        if Self.skippedPathWords.contains(where: { path.contains($0) }) { return false }
        let ext = (path as NSString).pathExtension
        return !Self.skippedExtensions.contains(ext)
    }

    /// The cycle that starting at `from` walks back into, if any.
    private func redirectLoop(from: String, _ redirects: [String: String]) -> [String]? {
        var chain = [from]
        var current = from
        while let next = redirects[current], chain.count <= 20 {
            if let index = chain.firstIndex(of: next) { return Array(chain[index...]) + [next] }
            chain.append(next)
            current = next
        }
        return nil
    }
}

/// Resolves a link as a browser would, dropping the fragment; nil for unusable links.
func resolve(_ link: String, against base: URL) -> URL? {
    let trimmed = link.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !trimmed.isEmpty, !trimmed.hasPrefix("#") else { return nil }
    let lower = trimmed.lowercased()
    for scheme in ["javascript:", "mailto:", "tel:", "data:", "about:", "blob:"] where lower.hasPrefix(scheme) { return nil }
    let candidate = URL(string: trimmed, relativeTo: base)
        ?? trimmed.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed.union(CharacterSet(charactersIn: "#%"))).flatMap { URL(string: $0, relativeTo: base) }
    guard let absolute = candidate?.absoluteURL else { return nil }
    return normalise(absolute)
}

/// The URL without its fragment, with an empty path written as `/`.
func normalise(_ url: URL) -> URL? {
    guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return nil }
    components.fragment = nil
    if components.percentEncodedPath.isEmpty { components.percentEncodedPath = "/" }
    return components.url
}

/// A URL's identity for "already seen": scheme, host, port, path and query.
func key(_ url: URL) -> String {
    guard let origin = Origin(url) else { return url.absoluteString }
    let path = URLComponents(url: url, resolvingAgainstBaseURL: true)?.percentEncodedPath ?? url.path
    return origin.description + (path.isEmpty ? "/" : path) + (url.query.map { "?" + $0 } ?? "")
}

/// The path (percent-encoded, trailing slash kept) and query, as sent in the request line.
func pathAndQuery(_ url: URL) -> String {
    let path = URLComponents(url: url, resolvingAgainstBaseURL: true)?.percentEncodedPath ?? url.path
    return (path.isEmpty ? "/" : path) + (url.query.map { "?" + $0 } ?? "")
}

import Dataflow
import Findings
import PythonSyntax

/// B310: `urllib` opening URLs that are not constant http(s) URLs.
enum UrlopenUnsafeScheme {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B310", name: "urllib-urlopen", summary: "urllib urlopen of a URL built at run time or a file: URL",
        severity: .medium, confidence: .high, owasp: .a10, cwe: 918, bandit: "B310", ruff: "S310",
        what: "Finds `urllib.request.urlopen`, `urllib.request.Request`, `URLopener`, `urlretrieve` (and `six.moves` forms) whose URL is not a constant, or is a constant with a scheme other than `http`/`https`. Constant `https://` URLs, which bandit reports, are not, nor URLs whose scheme the code checks before the call (`if urlparse(url).scheme != \"https\": raise ...`, `if not url.startswith(\"https://\"): abort(400)`).",
        why: "`urllib` also opens `file://` and `ftp://` URLs: a user-chosen URL can read local files (`file:///etc/passwd`) or reach internal services: server-side request forgery (CWE-918), whose alternate URL schemes are how it reaches local files.",
        example: "urllib.request.urlopen(url)",
        useInstead: "if urlparse(url).scheme not in (\"http\", \"https\"):\n    raise ValueError(url)\nrequests.get(url, timeout=10)",
        references: [RuleDoc.bandit("blacklists/blacklist_calls.html#b310-urllib-urlopen"), "https://owasp.org/Top10/A10_2021-Server-Side_Request_Forgery_%28SSRF%29/"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import urllib.request
        from urllib.request import urlopen as fetch
        def get(url):
            a = urllib.request.urlopen(url)  # error: TL-B310
            b = fetch("file:///etc/passwd")  # error: TL-B310
            c = urllib.request.Request("http://" + url)  # error: TL-B310
            opener = urllib.request.FancyURLopener()  # error: TL-B310
            d = urllib.request.urlopen("https://api.example.com/items/" + url)
            e = urllib.request.urlopen(urllib.request.Request(url))  # error: TL-B310
        """),
        RuleExample("""
        import urllib.request
        a = urllib.request.urlopen("https://example.com/feed.xml")
        API = "https://api.example.com"
        b = urllib.request.urlopen(API + "/v1/status")
        c = urllib.request.urlopen(urllib.request.Request("https://example.com/feed.xml", headers={"A": "b"}))
        """),
        // The scheme checked before the call, as the remediation says; a check of another
        // value, or of the host alone, does not count.
        RuleExample("""
        import urllib.request
        from urllib.parse import urlparse
        def fetch(url, other):
            if urlparse(url).scheme not in ("http", "https"):
                raise ValueError(url)
            a = urllib.request.urlopen(url, timeout=10)
            if not other.startswith("https://"):
                return None
            return urllib.request.urlopen(urllib.request.Request(other))
        def unchecked(url, other):
            if urlparse(other).scheme != "https":
                raise ValueError(other)
            if urlparse(url).hostname != "example.com":
                raise ValueError(url)
            return urllib.request.urlopen(url)  # error: TL-B310
        """),
    ], check: { check($0, $1) })

    static let callees: Set<String> = [
        "urllib.request.urlopen", "urllib.request.Request", "urllib.request.URLopener", "urllib.request.FancyURLopener",
        "urllib.request.urlretrieve", "urllib.urlopen", "urllib.urlretrieve", "urllib2.urlopen", "urllib2.Request",
        "six.moves.urllib.request.urlopen", "six.moves.urllib.request.Request", "six.moves.urllib.request.urlretrieve",
        "six.moves.urllib.request.URLopener", "six.moves.urllib.request.FancyURLopener", "urllib.URLopener", "urllib.FancyURLopener",
    ]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, callees.contains(name) else { return [] }
        if name.hasSuffix("URLopener") {
            // The opener's constructor takes no URL; every URL later given to `open()` may be a `file:` one.
            return [context.finding(descriptor, at: call.id, description: "`\(name)` opens any scheme it is given, `file:` included, and is deprecated.",
                                    remediation: "Use `urllib.request.urlopen` with a checked `https` URL, or `requests`/`httpx`.")]
        }
        guard let url = call.argument(0, "url") ?? call.keyword("fullurl") else { return [] }
        // `urlopen(Request(...))`: the Request call is checked on its own, with its URL.
        if let inner = context.call(url)?.name, inner.hasSuffix("Request"), callees.contains(inner) { return [] }
        let shape = context.model.stringShape(of: url)
        let known = shape.parts.first.flatMap { if case .literal(let s) = $0 { return s.lowercased() } else { return nil } } ?? ""
        if known.hasPrefix("http://") || known.hasPrefix("https://") {
            // The scheme is fixed; a constant URL is safe, a variable host or path is SSRF territory only if the host is open.
            if shape.isConstant { return [] }
            let afterScheme = known.drop(while: { $0 != "/" }).dropFirst(2)
            if afterScheme.contains("/") { return [] }
        }
        if !shape.isConstant, isSchemeChecked(url, context) { return [] }
        if shape.isConstant {
            return [context.finding(descriptor, at: call.id, description: "`\(name)` opens `\(context.text(url))`, a URL whose scheme is not http(s).",
                                    remediation: "Open local files with `open()`; use only `https://` URLs with urllib.")]
        }
        return [context.finding(descriptor, at: call.id, description: "`\(name)` opens `\(context.text(url))`, a URL built at run time; `urllib` also follows `file://` and `ftp://` schemes.",
                                remediation: "Parse the URL and allow only `https` (and expected hosts) before opening it, or use `requests`/`httpx`, which do not open `file://`.")]
    }

    /// Is the scheme of a variable in the URL checked in an `if`/`assert` before the call:
    /// `urlparse(url).scheme` (or `urlsplit`) compared, or `url.startswith("https://")`?
    static func isSchemeChecked(_ url: ExprID, _ context: RuleContext) -> Bool {
        let used = Taint.names(in: url, context)
        guard !used.isEmpty else { return false }
        func checks(_ expr: ExprID) -> Bool { !Taint.names(in: expr, context).isDisjoint(with: used) }
        for test in Taint.guardTests(before: url, context) {
            var stack = [test]
            while let next = stack.popLast() {
                stack.append(contentsOf: context.tree.childExprs(of: next))
                switch context.tree[next].kind {
                case .compare(let left, _, let comparators):
                    for side in [left] + comparators {
                        guard case .attribute(let parsed, "scheme", _) = context.tree[side].kind, let call = context.call(parsed),
                              let callee = call.name, ["urllib.parse.urlparse", "urllib.parse.urlsplit"].contains(callee),
                              let argument = call.argument(0, "url"), checks(argument) else { continue }
                        return true
                    }
                case .call(let function, let args, _):
                    guard case .attribute(let receiver, "startswith", _) = context.tree[function].kind, checks(receiver),
                          let prefix = args.first else { continue }
                    var prefixes: [ExprID] = [prefix]
                    if case .tuple(let elts, _) = context.tree[prefix].kind { prefixes = elts }
                    if prefixes.allSatisfy({ context.string($0).map { $0.lowercased().hasPrefix("http") } ?? false }) { return true }
                default:
                    break
                }
            }
        }
        return false
    }
}

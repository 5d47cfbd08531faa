import Dataflow
import Findings
import PythonSyntax

/// B113: HTTP requests that can wait forever.
enum RequestWithoutTimeout {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B113", name: "request-without-timeout", summary: "HTTP request without a timeout",
        severity: .medium, confidence: .low, owasp: .a04, cwe: 400, bandit: "B113", ruff: "S113",
        what: "Finds `requests.get/post/put/patch/delete/head/options/request` without `timeout=` or with `timeout=None`, and `httpx` calls and clients with `timeout=None` (httpx has a default timeout).",
        why: "Without a timeout a slow or malicious server holds the worker forever; a few such requests exhaust the worker pool (denial of service).",
        example: "requests.get(url)",
        useInstead: "requests.get(url, timeout=10)",
        references: [RuleDoc.bandit("plugins/b113_request_without_timeout.html"), "https://requests.readthedocs.io/en/latest/user/advanced/#timeouts"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import requests
        import httpx
        r = requests.get("https://example.com")  # error: TL-B113
        s = requests.post(url, json={}, timeout=None)  # error: TL-B113
        t = httpx.get(url, timeout=None)  # error: TL-B113
        """),
        RuleExample("""
        import requests
        import httpx
        r = requests.get("https://example.com", timeout=5)
        t = httpx.get(url)
        u = requests.get(url, **opts)
        """),
    ], autofix: Autofix(.unsafe, safety: "with `timeout=30` a server that takes longer than 30 seconds to accept the connection or to send the next bytes of the response makes the call raise a timeout error instead of waiting; pick the limit the service needs. A call with `**kwargs` (which may hold a timeout) is not rewritten.", examples: [
        FixExample("""
        import requests
        import httpx
        r = requests.get("https://example.com")
        s = requests.post(url, json={}, timeout=None)
        t = httpx.get(url, timeout=None)
        u = requests.request(
            "GET",
            url,
        )
        v = requests.put(url, data=(
            payload))
        """, """
        import requests
        import httpx
        r = requests.get("https://example.com", timeout=30)
        s = requests.post(url, json={}, timeout=30)
        t = httpx.get(url, timeout=30)
        u = requests.request(
            "GET",
            url, timeout=30,
        )
        v = requests.put(url, data=(
            payload), timeout=30)
        """),
    ]), check: { check($0, $1) })

    static let methods: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options", "request", "stream"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        // Prefix test before splitting: this runs for every call of every file.
        guard let call = context.call(node), let name = call.name, name.hasPrefix("requests.") || name.hasPrefix("httpx.") else { return [] }
        let parts = name.split(separator: ".")
        guard parts.count == 2, let last = parts.last, methods.contains(String(last)) || (parts[0] == "httpx" && (last == "Client" || last == "AsyncClient")) else { return [] }
        if parts[0] == "requests" {
            if let timeout = call.keyword("timeout") {
                guard case .constant(.none, _) = context.tree[timeout].kind else { return [] }
            } else if call.hasUnpacking {
                return []
            }
        } else if parts[0] == "httpx" {
            guard let timeout = call.keyword("timeout"), case .constant(.none, _) = context.tree[timeout].kind else { return [] }
        } else {
            return []
        }
        return [context.finding(descriptor, at: call.id, description: "`\(name)` waits without a time limit; an unresponsive server blocks this worker indefinitely.",
                                remediation: "Pass `timeout=` (seconds, e.g. `timeout=30`, or a (connect, read) tuple).", fix: "timeout=30",
                                autofix: context.fix("Add `timeout=30`", .unsafe, [context.settingKeyword(call, "timeout", to: "30")]))]
    }
}

import Dataflow
import Findings
import PythonSyntax

/// B501: HTTP requests with certificate verification turned off.
enum RequestsVerifyFalse {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-B501", name: "request-without-cert-validation", summary: "HTTPS request with verify=False",
        severity: .high, confidence: .high, owasp: .a07, cwe: 295, bandit: "B501", ruff: "S501",
        what: "Finds `requests` and `httpx` calls and clients (`requests.get`, `Session.request`, `httpx.Client`, ...) with `verify=False`.",
        why: "The server's certificate is not checked, so anyone on the network path can read and change the traffic, credentials included.",
        example: "requests.get(url, verify=False)",
        useInstead: "requests.get(url, verify=\"/etc/ssl/private-ca.pem\", timeout=10)",
        references: [RuleDoc.bandit("plugins/b501_request_with_no_cert_validation.html"), "https://requests.readthedocs.io/en/latest/user/advanced/#ssl-cert-verification"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import requests
        import httpx
        requests.get("https://x", verify=False, timeout=5)  # error: TL-B501
        c = httpx.Client(verify=False)  # error: TL-B501
        """),
        RuleExample("""
        import requests
        requests.get("https://x", verify=True, timeout=5)
        requests.get("https://x", verify="/ca.pem", timeout=5)
        def get(url, verify=False):
            return url
        get("u", verify=False)
        """),
    ], autofix: Autofix(.unsafe, safety: "removing `verify=False` turns the certificate check back on (requests and httpx verify by default), so a server with a self-signed or private-CA certificate fails until its CA bundle is passed as `verify=\"/path/to/ca.pem\"`.", examples: [
        FixExample("""
        import requests
        import httpx
        requests.get("https://x", verify=False, timeout=5)
        requests.post(
            url,
            json=body,
            verify=False,
        )
        client = httpx.Client(verify=False)
        requests.get(url,  # staging only
                     verify=False)
        """, """
        import requests
        import httpx
        requests.get("https://x", timeout=5)
        requests.post(
            url,
            json=body,
        )
        client = httpx.Client()
        requests.get(url,  # staging only
                     verify=False)
        """),
    ]), check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let name = call.name, name.hasPrefix("requests.") || name.hasPrefix("httpx."),
              let verify = call.keyword("verify"), context.isFalse(verify) else { return [] }
        return [context.finding(descriptor, at: call.id, description: "`\(name)` is called with `verify=False`: the server certificate is not checked.",
                                remediation: "Remove `verify=False`; for a private CA pass its bundle path as `verify=`.", fix: "verify=True",
                                autofix: context.fix("Remove `verify=False`", .unsafe, [context.removingKeyword(call, "verify")]))]
    }
}

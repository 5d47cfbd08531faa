import Dataflow
import Findings
import PythonSyntax

/// Certificate verification turned off in HTTP clients, where TL-B501 does not look.
enum TLSVerificationDisabled {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-TLS-NOVERIFY", name: "http-client-tls-verification-disabled",
        summary: "HTTP client with TLS certificate verification turned off",
        severity: .high, confidence: .high, owasp: .a07, cwe: 295,
        what: "Finds certificate checks turned off in the HTTP clients and places TL-B501 does not cover: `aiohttp` (`TCPConnector(ssl=False)`, `verify_ssl=False`, `session.get(url, ssl=False)`, `aiohttp.request(..., ssl=False)`), `urllib3` (`PoolManager`/`ProxyManager`/`HTTPSConnectionPool`/`connection_from_url` with `cert_reqs=\"CERT_NONE\"` or `ssl.CERT_NONE`, or `assert_hostname=False`), pycurl `setopt(SSL_VERIFYPEER, 0)`/`setopt(SSL_VERIFYHOST, 0)`, tornado `HTTPRequest`/`fetch` with `validate_cert=False`, methods of a `requests.Session`/`httpx.Client` object called with `verify=False` or `session.verify = False`, and `ctx.verify_mode = ssl.CERT_NONE` on a client context from `ssl.create_default_context()`. The module-level `requests.*`/`httpx.*` calls and client constructors with `verify=False` are TL-B501's; `ssl._create_unverified_context` is TL-B323's; `urllib3.disable_warnings()` only hides the warning and is not reported. Filed under A07 (Identification and Authentication Failures): the server is not authenticated.",
        why: "Without certificate verification, anyone on the network path (public Wi-Fi, a compromised router, a cloud neighbour) can present their own certificate, read the traffic (API keys, session tokens, personal data) and change the responses.",
        example: "async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=False)) as session:\n    await session.get(url)",
        useInstead: "ctx = ssl.create_default_context(cafile=\"/etc/ssl/private-ca.pem\")  # only for a private CA\nasync with aiohttp.ClientSession(connector=aiohttp.TCPConnector(ssl=ctx)) as session:\n    await session.get(url)",
        references: ["https://docs.aiohttp.org/en/stable/client_advanced.html#ssl-control-for-tcp-sockets",
                     "https://urllib3.readthedocs.io/en/stable/advanced-usage.html#certificate-verification",
                     "https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/"])

    static let rule = Rule(descriptor, on: [.call, .assign], examples: [
        RuleExample("""
        import ssl
        import aiohttp
        import pycurl
        import requests
        import urllib3
        from tornado.httpclient import AsyncHTTPClient, HTTPRequest
        async def fetch(url):
            connector = aiohttp.TCPConnector(ssl=False)  # error: TL-WEB-TLS-NOVERIFY
            async with aiohttp.ClientSession(connector=connector) as session:
                await session.get(url, verify_ssl=False)  # error: TL-WEB-TLS-NOVERIFY
                await session.post(url, ssl=False)  # error: TL-WEB-TLS-NOVERIFY
            async with aiohttp.request("GET", url, ssl=False) as response:  # error: TL-WEB-TLS-NOVERIFY
                return await response.text()
        http = urllib3.PoolManager(cert_reqs="CERT_NONE")  # error: TL-WEB-TLS-NOVERIFY
        pool = urllib3.HTTPSConnectionPool("example.com", cert_reqs=ssl.CERT_NONE)  # error: TL-WEB-TLS-NOVERIFY
        c = pycurl.Curl()
        c.setopt(pycurl.SSL_VERIFYPEER, 0)  # error: TL-WEB-TLS-NOVERIFY
        s = requests.Session()
        s.verify = False  # error: TL-WEB-TLS-NOVERIFY
        ctx = ssl.create_default_context()
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE  # error: TL-WEB-TLS-NOVERIFY
        s.get("https://example.com", verify=False, timeout=5)  # error: TL-WEB-TLS-NOVERIFY
        req = HTTPRequest("https://example.com", validate_cert=False)  # error: TL-WEB-TLS-NOVERIFY
        AsyncHTTPClient().fetch("https://example.com", validate_cert=False)  # error: TL-WEB-TLS-NOVERIFY
        """),
        RuleExample("""
        import ssl
        import aiohttp
        import httpx
        import pycurl
        import requests
        import urllib3
        urllib3.disable_warnings()
        requests.get("https://example.com", verify=False, timeout=5)
        client = httpx.Client(verify=False)
        httpx.get("https://example.com", verify=False)
        http = urllib3.PoolManager(cert_reqs="CERT_REQUIRED", ca_certs="/etc/ssl/ca.pem")
        ctx = ssl.create_default_context()
        connector = aiohttp.TCPConnector(ssl=ctx)
        server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        server.verify_mode = ssl.CERT_NONE
        s = requests.Session()
        s.verify = "/etc/ssl/ca.pem"
        s.get("https://example.com", verify=True, timeout=5)
        c = pycurl.Curl()
        c.setopt(pycurl.SSL_VERIFYPEER, 1)
        class Api:
            def get(self, url, ssl=False, verify=False):
                return url
        Api().get("x", ssl=False, verify=False)
        cache = {}
        cache.verify = False
        """),
    ], autofix: Autofix(.unsafe, safety: "removing the `verify=False`, `validate_cert=False`, `ssl=False` or `verify_ssl=False` argument turns the client's default certificate check back on, so a server with a self-signed or private-CA certificate fails until its CA bundle is configured. Assignments (`s.verify = False`, `verify_mode = CERT_NONE`), urllib3's `cert_reqs` and pycurl options are not rewritten.", examples: [
        FixExample("""
        import aiohttp
        import requests
        from tornado.httpclient import AsyncHTTPClient, HTTPRequest
        async def fetch(url):
            async with aiohttp.ClientSession() as session:
                await session.get(url, verify_ssl=False)
                await session.post(url, ssl=False)
        s = requests.Session()
        s.verify = False
        s.get("https://example.com", verify=False, timeout=5)
        req = HTTPRequest("https://example.com", validate_cert=False)
        """, """
        import aiohttp
        import requests
        from tornado.httpclient import AsyncHTTPClient, HTTPRequest
        async def fetch(url):
            async with aiohttp.ClientSession() as session:
                await session.get(url)
                await session.post(url)
        s = requests.Session()
        s.verify = False
        s.get("https://example.com", timeout=5)
        req = HTTPRequest("https://example.com")
        """),
    ]), check: { check($0, $1) })

    static let sessionClasses: Set<String> = ["requests.Session", "requests.session", "requests.sessions.Session", "httpx.Client",
                                              "httpx.AsyncClient"]
    static let aiohttpSessions: Set<String> = ["aiohttp.ClientSession", "aiohttp.client.ClientSession"]
    static let requestMethods: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options", "request", "send", "stream",
                                              "ws_connect"]
    static let urllib3Pools: Set<String> = ["urllib3.PoolManager", "urllib3.ProxyManager", "urllib3.HTTPSConnectionPool",
                                            "urllib3.connection_from_url", "urllib3.proxy_from_url", "urllib3.poolmanager.PoolManager",
                                            "urllib3.poolmanager.ProxyManager", "urllib3.connectionpool.HTTPSConnectionPool"]
    static let tornadoClients: Set<String> = ["tornado.httpclient.AsyncHTTPClient", "tornado.httpclient.HTTPClient"]

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        switch node {
        case .statement(let stmt):
            return checkAssignment(stmt, context)
        case .expression:
            guard let call = context.call(node) else { return [] }
            return checkCall(call, context)
        case .module:
            return []
        }
    }

    static func checkCall(_ call: CallInfo, _ context: RuleContext) -> [Finding] {
        if let name = call.name {
            if name == "aiohttp.TCPConnector" || name == "aiohttp.connector.TCPConnector" || name == "aiohttp.request" {
                return aiohttpFlags(call, name, context)
            }
            if urllib3Pools.contains(name) {
                if let certs = call.keyword("cert_reqs"), isCertNone(certs, context) {
                    return [report(call, "`\(name)` is created with `cert_reqs` set to `CERT_NONE`: server certificates are not checked.",
                                   "Remove `cert_reqs` (urllib3 2 verifies by default) or set `cert_reqs=\"CERT_REQUIRED\"`; for a private CA pass `ca_certs=`.",
                                   "cert_reqs=\"CERT_REQUIRED\"", context)]
                }
                if let hostname = call.keyword("assert_hostname"), context.isFalse(hostname), context.constant(hostname) != ConstantValue.none {
                    return [report(call, "`\(name)` is created with `assert_hostname=False`: a valid certificate for any other host is accepted.",
                                   "Remove `assert_hostname=False`.", nil, context)]
                }
                return []
            }
            if name == "tornado.httpclient.HTTPRequest", let flag = call.keyword("validate_cert"), context.isFalse(flag) {
                return [report(call, "`HTTPRequest` is created with `validate_cert=False`: the server certificate is not checked.",
                               "Remove `validate_cert=False`; for a private CA pass `ca_certs=`.", "validate_cert=True", context, removing: "validate_cert")]
            }
        }
        guard case .attribute(let receiver, let method, _) = context.tree[call.function].kind else { return [] }
        if method == "setopt", call.args.count >= 2, let option = context.qualifiedName(call.args[0]),
           option == "pycurl.SSL_VERIFYPEER" || option == "pycurl.SSL_VERIFYHOST", context.isFalse(call.args[1]) {
            let short = option.split(separator: ".").last.map(String.init) ?? option
            return [report(call, "`setopt(\(short), 0)` turns off pycurl's certificate check.",
                           "Remove the `setopt` call (pycurl verifies by default); for a private CA set `pycurl.CAINFO`.", nil, context)]
        }
        guard requestMethods.contains(method) || method == "fetch", call.name == nil || !isModuleFunction(call.name) else { return [] }
        guard let constructor = context.model.constructorName(of: receiver) else { return [] }
        if sessionClasses.contains(constructor), let verify = call.keyword("verify"), context.isFalse(verify) {
            return [report(call, "`\(method)` on a `\(constructor)` object is called with `verify=False`: the server certificate is not checked.",
                           "Remove `verify=False`; for a private CA pass its bundle path as `verify=`.", "verify=True", context, removing: "verify")]
        }
        if aiohttpSessions.contains(constructor) {
            return aiohttpFlags(call, "\(constructor).\(method)", context)
        }
        if tornadoClients.contains(constructor), method == "fetch", let flag = call.keyword("validate_cert"), context.isFalse(flag) {
            return [report(call, "`fetch` is called with `validate_cert=False`: the server certificate is not checked.",
                           "Remove `validate_cert=False`; for a private CA pass `ca_certs=`.", "validate_cert=True", context, removing: "validate_cert")]
        }
        return []
    }

    /// `requests.get` and friends resolve to a module function: TL-B501's territory.
    static func isModuleFunction(_ name: String?) -> Bool {
        guard let name else { return false }
        return name.hasPrefix("requests.") || name.hasPrefix("httpx.")
    }

    static func aiohttpFlags(_ call: CallInfo, _ name: String, _ context: RuleContext) -> [Finding] {
        for flag in ["ssl", "verify_ssl"] {
            guard let value = call.keyword(flag), context.isFalse(value), context.constant(value) != ConstantValue.none else { continue }
            return [report(call, "`\(name)` is called with `\(flag)=False`: the server certificate is not checked.",
                           "Remove `\(flag)=False` (aiohttp verifies by default); for a private CA pass `ssl=ssl.create_default_context(cafile=...)`.",
                           "ssl=ssl.create_default_context()", context, removing: flag)]
        }
        return []
    }

    static func isCertNone(_ expr: ExprID, _ context: RuleContext) -> Bool {
        if let text = context.string(expr) { return text == "CERT_NONE" || text == "NONE" }
        if let name = context.qualifiedName(expr) { return name == "ssl.CERT_NONE" || name == "ssl.VerifyMode.CERT_NONE" }
        return context.int(expr) == 0
    }

    static func checkAssignment(_ stmt: StmtID, _ context: RuleContext) -> [Finding] {
        if let finding = checkVerifyMode(stmt, context) { return [finding] }
        guard case .assign(let targets, let value, _) = context.tree[stmt].kind, context.isFalse(value),
              context.constant(value) != ConstantValue.none else { return [] }
        for target in targets {
            guard case .attribute(let object, "verify", _) = context.tree[target].kind,
                  let constructor = context.model.constructorName(of: object), sessionClasses.contains(constructor) else { continue }
            return [context.finding(descriptor, at: stmt, description: "`verify = False` on a `\(constructor)` object: no request it sends checks the server certificate.",
                                    remediation: "Remove the assignment; for a private CA set `session.verify = \"/path/to/ca.pem\"`.",
                                    fix: "session.verify = \"/path/to/ca-bundle.pem\"")]
        }
        return []
    }

    /// `ctx.verify_mode = ssl.CERT_NONE` on a client context from `ssl.create_default_context()`
    /// (a server-side context, `Purpose.CLIENT_AUTH`, legitimately asks no client certificate).
    static func checkVerifyMode(_ stmt: StmtID, _ context: RuleContext) -> Finding? {
        guard case .assign(let targets, let value, _) = context.tree[stmt].kind, let valueName = context.qualifiedName(value),
              valueName == "ssl.CERT_NONE" || valueName == "ssl.VerifyMode.CERT_NONE" else { return nil }
        for target in targets {
            guard case .attribute(let object, "verify_mode", _) = context.tree[target].kind, case .name = context.tree[object].kind,
                  context.model.constructorName(of: object) == "ssl.create_default_context" else { continue }
            guard let created = context.model.assignedValue(of: object), !context.text(created, limit: 200).contains("CLIENT_AUTH") else { continue }
            return context.finding(descriptor, at: stmt, description: "`verify_mode = CERT_NONE` on a client `SSLContext`: connections made with it accept any server certificate.",
                                   remediation: "Remove the assignment (and any `check_hostname = False`); for a private CA call `ctx.load_verify_locations(\"/path/to/ca.pem\")`.",
                                   fix: "ctx = ssl.create_default_context(cafile=\"/path/to/ca.pem\")")
        }
        return nil
    }

    /// `removing`: the keyword whose removal restores the client's default check (the fix).
    static func report(_ call: CallInfo, _ description: String, _ remediation: String, _ fix: String?, _ context: RuleContext,
                       removing flag: String? = nil) -> Finding {
        context.finding(descriptor, at: call.id, description: description, remediation: remediation, fix: fix,
                        autofix: flag.flatMap { context.fix("Remove `\($0)=False`", .unsafe, [context.removingKeyword(call, $0)]) })
    }
}

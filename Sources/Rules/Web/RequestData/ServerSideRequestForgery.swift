import Dataflow
import Findings
import PythonSemantics
import PythonSyntax

/// Server-side request forgery: an outgoing HTTP request whose URL or host comes from the
/// incoming one.
enum ServerSideRequestForgery {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-SSRF", name: "server-side-request-forgery", summary: "Outgoing request to a URL or host taken from the request",
        severity: .high, confidence: .high, owasp: .a10, cwe: 918,
        what: "Finds outgoing HTTP requests (`requests.get/post/...`, `requests.request`, a `requests.Session`'s methods, `httpx` functions and `Client`/`AsyncClient` methods, `urllib.request.urlopen`/`Request`, `urllib3`'s `PoolManager().request`, `aiohttp.ClientSession` methods, `http.client.HTTPConnection`/`HTTPSConnection`) whose URL or host carries data from the HTTP request (read in the same function, or passed in by a caller anywhere in the project), followed through local variables and string building. A URL whose scheme, host and first `/` are constant (`f\"https://api.example.com/items/{id}\"`) is not reported: the client can only choose a path on a host you picked. Nor is a URL checked first by a `*allowed*`/`*safe*`/`*valid*` function or a comparison of `urlparse(url).hostname`/`netloc`.",
        why: "The server makes the request from inside your network: an attacker points it at `http://169.254.169.254/` (cloud metadata with credentials), `http://localhost:6379/`, internal admin pages or `file://` URLs, and reads the answers or uses the server as a proxy.",
        example: "url = request.args[\"url\"]\nreturn requests.get(url, timeout=5).text",
        useInstead: "url = request.args[\"url\"]\nif urlparse(url).hostname not in ALLOWED_HOSTS:\n    abort(400)\nreturn requests.get(url, timeout=5, allow_redirects=False).text",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html",
                     "https://owasp.org/Top10/A10_2021-Server-Side_Request_Forgery_%28SSRF%29/"])

    static let rule = Rule(descriptor, on: [.call], examples: [
        RuleExample("""
        import requests, httpx
        import urllib.request
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/fetch")
        def fetch():
            url = request.args.get("url")
            return requests.get(url, timeout=5).text  # error: TL-WEB-SSRF

        @app.route("/host")
        def host():
            target = request.args["host"]
            return requests.post(f"http://{target}/api", json={}, timeout=5).text  # error: TL-WEB-SSRF

        @app.route("/proxy", methods=["POST"])
        def proxy():
            session = requests.Session()
            session.get(request.json["callback"], timeout=5)  # error: TL-WEB-SSRF
            with httpx.Client() as client:
                client.get(request.form["hook"])  # error: TL-WEB-SSRF
            return urllib.request.urlopen(request.form["feed"]).read()  # error: TL-WEB-SSRF
        """),
        RuleExample("""
        import http.client
        from fastapi import FastAPI
        import httpx
        app = FastAPI()

        @app.get("/preview")
        async def preview(link: str):
            async with httpx.AsyncClient() as client:
                page = await client.get(link)  # error: TL-WEB-SSRF
            conn = http.client.HTTPSConnection(link)  # error: TL-WEB-SSRF
            return page.text
        """),
        RuleExample("""
        import requests
        from urllib.parse import urlparse
        from flask import Flask, request, abort
        app = Flask(__name__)
        ALLOWED_HOSTS = {"api.example.com"}

        def is_allowed(url):
            return urlparse(url).hostname in ALLOWED_HOSTS

        @app.route("/item/<item_id>")
        def item(item_id):
            return requests.get(f"https://api.example.com/items/{item_id}", timeout=5).text

        @app.route("/checked")
        def checked():
            url = request.args["url"]
            if not is_allowed(url):
                abort(400)
            return requests.get(url, timeout=5).text

        @app.route("/checked3")
        def checked3():
            url = request.args["url"]
            if not url.startswith("https://api.example.com/"):
                abort(400)
            return requests.get(url, timeout=5).text

        @app.route("/checked2")
        def checked2():
            url = request.args["url"]
            if urlparse(url).hostname != "api.example.com":
                abort(400)
            return requests.get(url, timeout=5).text

        @app.route("/configured/<int:uid>")
        def configured(uid):
            return requests.get(f"{app.config['API_BASE']}/users/{request.args['name']}", timeout=5).text

        @app.route("/constant")
        def constant():
            return requests.get("https://status.example.com/", params={"q": request.args["q"]}, timeout=5).text

        def job(url):
            return requests.get(url, timeout=5).text
        """),
        // Django forms and DRF serializers hand the request data back after validating its
        // types: `cleaned_data["url"]` is still the client's URL (`is_valid()` checks the form,
        // not the host), as is the form Django passes a `FormView`'s `form_valid`.
        RuleExample("""
        import requests
        from django import forms
        from django.http import HttpResponse
        from django.views.generic.edit import FormView
        from rest_framework import serializers
        from rest_framework.views import APIView

        class HookForm(forms.Form):
            url = forms.URLField()

        class HookSerializer(serializers.Serializer):
            url = serializers.URLField()

        def add_hook(request):
            form = HookForm(request.POST)
            if form.is_valid():
                requests.post(form.cleaned_data["url"], timeout=5)  # error: TL-WEB-SSRF
            return HttpResponse(status=204)

        class Hooks(APIView):
            def post(self, request):
                hook = HookSerializer(data=request.data)
                hook.is_valid(raise_exception=True)
                requests.post(hook.validated_data["url"], timeout=5)  # error: TL-WEB-SSRF
                return HttpResponse(status=201)

        class HookView(FormView):
            form_class = HookForm

            def form_valid(self, form):
                requests.post(form.cleaned_data["url"], timeout=5)  # error: TL-WEB-SSRF
                return super().form_valid(form)
        """),
        RuleExample("""
        import requests
        from urllib.parse import urlparse
        from django import forms
        from django.http import HttpResponse
        from rest_framework import serializers

        HOOK_HOSTS = {"hooks.slack.com"}

        class HookForm(forms.Form):
            url = forms.URLField()

        class HookSerializer(serializers.Serializer):
            url = serializers.URLField()

        class Helper:
            def form_valid(self, form):
                return requests.post(form.cleaned_data["url"], timeout=5)

        def add_hook(request):
            form = HookForm(request.POST)
            if form.is_valid() and urlparse(form.cleaned_data["url"]).hostname in HOOK_HOSTS:
                requests.post(form.cleaned_data["url"], timeout=5)
            return HttpResponse(status=204)

        def replay(request, hook):
            requests.post(HookSerializer(hook).data["url"], timeout=5)
            defaults = HookForm(initial={"url": "https://hooks.slack.com/"})
            return requests.post(defaults.initial["url"], timeout=5)
        """),
        // A template whose placeholder is the host: the client picks the server.
        RuleExample("""
        import requests
        from flask import Flask, request
        app = Flask(__name__)

        @app.route("/status")
        def status():
            host = request.args["host"]
            a = requests.get("https://{}/status".format(host), timeout=5)  # error: TL-WEB-SSRF
            b = requests.get("https://%s/status" % host, timeout=5)  # error: TL-WEB-SSRF
            c = requests.get("https://api.example.com/{}/status".format(host), timeout=5)
            d = requests.get("https://api.example.com/%s?x=%%d" % host, timeout=5)
            return a.text + b.text + c.text + d.text
        """),
    ], check: { check($0, $1) })

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        guard let call = context.call(node), let (url, isHost, sink) = target(of: call, context) else { return [] }
        guard let origin = Taint.isRequestDerived(url, context, kind: .url, stop: { fixesHost($0, context) || OpenRedirect.isSanitized($0, context) }) else { return [] }
        if isGuarded(url, context) { return [] }
        let what = isHost ? "host" : "URL"
        let payload = isHost ? "169.254.169.254" : hostHole(url, context) ? "169.254.169.254/latest/meta-data/iam/security-credentials/#" : "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
        return [context.finding(descriptor, at: call.id,
                                description: "`\(sink)` sends a request to the \(what) `\(context.text(url, limit: 50))`, which carries `\(origin.text(context))` (\(origin.requestField)): a client can make the server call internal addresses such as the cloud metadata service.",
                                remediation: "Do not let the client choose where the server connects: map a client-supplied key to a fixed URL, or parse the URL and accept only `https` and an allow-list of hosts (resolve the name and reject private, loopback and link-local addresses); disable redirects (`allow_redirects=False`).",
                                fix: "if urlparse(url).hostname not in ALLOWED_HOSTS:\n    abort(400)",
                                flow: origin, proofOfConcept: origin.proofOfConcept(payload: payload, context) + "\n# the server fetches its cloud metadata (credentials) and returns or acts on it")]
    }

    /// The URL (or host) argument of an outgoing-request call (a row of `SinkCatalog.url`), and
    /// the sink's display name.
    static func target(of call: CallInfo, _ context: RuleContext) -> (ExprID, isHost: Bool, String)? {
        guard let sink = context.sinks(call, .url).first else { return nil }
        return (sink.argument, sink.model.role == "host", context.sinkName(sink))
    }

    /// A constant prefix that fixes scheme and host (`https://api.example.com/...`): the
    /// client chooses at most the path. Stops the search through that node.
    static func fixesHost(_ expr: ExprID, _ context: RuleContext) -> Bool {
        switch context.tree[expr].kind {
        case .binOp(_, .add, _), .binOp(_, .mod, _), .joinedStr, .call, .name:
            if case .call = context.tree[expr].kind {
                guard let call = context.call(expr), case .attribute(_, "format", _) = context.tree[call.function].kind else { return false }
            }
            // (`f"{API_BASE}/users/{uid}"`, a configured base then a path, is partial SSRF and
            // not reported: `OpenRedirect.isSanitized`, the other half of the stop, sees to it.)
            guard let prefix = context.constantPrefix(of: expr) else { return false }
            guard let scheme = prefix.range(of: "://") else { return false }
            // The host must be complete: a `/`, `?` or `#` after it (`http://api.example.com/`),
            // not `http://` or `http://api.` followed by a hole.
            return prefix[scheme.upperBound...].contains { $0 == "/" || $0 == "?" || $0 == "#" }
        default:
            return false
        }
    }

    /// Does the URL text start with a constant scheme (`http://{host}/…`), so the payload is a host?
    static func hostHole(_ url: ExprID, _ context: RuleContext) -> Bool {
        guard case .literal(let prefix)? = context.model.stringShape(of: url).parts.first else { return false }
        return prefix.hasSuffix("://")
    }

    static let hostChecks: Set<String> = ["hostname", "netloc", "host"]

    /// A check of the URL before the request: an allow-list/validation function of a variable
    /// in it, or a comparison of its parsed host, in an `if`/`assert` test before the call.
    static func isGuarded(_ url: ExprID, _ context: RuleContext) -> Bool {
        if OpenRedirect.isGuarded(url, context) || Taint.isValidated(url, context) { return true }
        let used = Taint.names(in: url, context)
        guard !used.isEmpty else { return false }
        for test in Taint.guardTests(before: url, context) {
            var stack = [test]
            var steps = 0
            while let expr = stack.popLast(), steps < 200 {
                steps += 1
                if case .attribute(let base, let attr, _) = context.tree[expr].kind, hostChecks.contains(attr),
                   !Taint.names(in: base, context).isDisjoint(with: used) { return true }
                // `url.startswith("https://api.example.com/")`: a prefix that fixes the host.
                if let call = context.call(expr), case .attribute(let base, "startswith", _) = context.tree[call.function].kind,
                   !Taint.names(in: base, context).isDisjoint(with: used), let first = call.args.first,
                   let prefix = context.string(first), let scheme = prefix.range(of: "://"),
                   prefix[scheme.upperBound...].contains("/") { return true }
                stack += context.tree.childExprs(of: expr)
            }
        }
        return false
    }
}

import Dataflow
import Findings
import PythonSyntax

/// CORS that lets any site read responses made with the user's cookies.
enum CORSAnyOrigin {
    static let descriptor = RuleDoc.descriptor(
        id: "TL-WEB-CORS-ANY-ORIGIN", name: "cors-any-origin-with-credentials", summary: "CORS allows any origin with credentials",
        severity: .high, confidence: .high, owasp: .a05, cwe: 942,
        what: "Finds cross-origin resource sharing configured to let any site make credentialed requests: flask-cors `CORS(app, supports_credentials=True)` or `@cross_origin(supports_credentials=True)` whose `origins` is missing (the default is every origin), `\"*\"`, or a catch-all regex; Starlette/FastAPI `CORSMiddleware` (through `app.add_middleware(...)` or `Middleware(...)`) with `allow_credentials=True` and `allow_origins` containing `\"*\"` or `allow_origin_regex` matching everything; django-cors-headers `CORS_ALLOW_ALL_ORIGINS = True` (or the old `CORS_ORIGIN_ALLOW_ALL`) in a settings module that also sets `CORS_ALLOW_CREDENTIALS = True`. A wildcard without credentials is not reported (public APIs use it on purpose).",
        why: "With credentials allowed for every origin, the server answers any site's script with the user's cookies attached and lets it read the response (flask-cors and Starlette then reflect the caller's `Origin`): a page the user visits can read their data and act as them.",
        example: "CORS(app, supports_credentials=True)",
        useInstead: "CORS(app, origins=[\"https://app.example.com\"], supports_credentials=True)",
        references: ["https://cheatsheetseries.owasp.org/cheatsheets/HTML5_Security_Cheat_Sheet.html#cross-origin-resource-sharing",
                     "https://portswigger.net/web-security/cors", "https://cwe.mitre.org/data/definitions/942.html"])

    static let rule = Rule(descriptor, on: [.call, .assign], examples: [
        RuleExample("""
        from flask import Flask
        from flask_cors import CORS, cross_origin
        app = Flask(__name__)
        CORS(app, supports_credentials=True)  # error: TL-WEB-CORS-ANY-ORIGIN
        CORS(app, resources={r"/api/*": {"origins": "*"}}, origins="*", supports_credentials=True)  # error: TL-WEB-CORS-ANY-ORIGIN

        @app.route("/me")
        @cross_origin(origins=r".*", supports_credentials=True)  # error: TL-WEB-CORS-ANY-ORIGIN
        def me():
            return {}
        """),
        RuleExample("""
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware
        app = FastAPI()
        app.add_middleware(CORSMiddleware, allow_origins=["*"], allow_credentials=True, allow_methods=["*"])  # error: TL-WEB-CORS-ANY-ORIGIN
        """),
        RuleExample("""
        INSTALLED_APPS = ["corsheaders"]
        CORS_ALLOW_ALL_ORIGINS = True  # error: TL-WEB-CORS-ANY-ORIGIN
        CORS_ALLOW_CREDENTIALS = True
        """, path: "shop/settings.py"),
        RuleExample("""
        from flask import Flask
        from flask_cors import CORS
        from fastapi import FastAPI
        from fastapi.middleware.cors import CORSMiddleware
        app = Flask(__name__)
        CORS(app)
        CORS(app, origins=["https://app.example.com"], supports_credentials=True)
        api = FastAPI()
        api.add_middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET"])
        api.add_middleware(CORSMiddleware, allow_origins=["https://app.example.com"], allow_credentials=True)
        """),
        RuleExample("""
        INSTALLED_APPS = ["corsheaders"]
        CORS_ALLOW_ALL_ORIGINS = True
        """, path: "public_api/settings.py"),
    ], check: { check($0, $1) })

    static let flaskCORS: Set<String> = ["flask_cors.CORS", "flask_cors.cross_origin", "flask_cors.extension.CORS", "flask_cors.decorator.cross_origin"]
    static let middleware: Set<String> = ["starlette.middleware.cors.CORSMiddleware", "fastapi.middleware.cors.CORSMiddleware"]

    /// `"*"`, `["*"]`, `".*"`, `r"^.*$"`: every origin.
    static func isWildcard(_ expr: ExprID, _ context: RuleContext) -> Bool {
        if let text = context.string(expr) { return [".*", "^.*$", ".*$", "^.*", "*", ".+", "^.+$", "https?://.*"].contains(text) }
        switch context.tree[expr].kind {
        case .list(let items, _), .tuple(let items, _), .set(let items):
            return items.contains { isWildcard($0, context) }
        default:
            return false
        }
    }

    static func check(_ node: Node, _ context: RuleContext) -> [Finding] {
        if case .statement = node { return djangoSettings(node, context) }
        guard let call = context.call(node) else { return [] }
        if let name = call.name, flaskCORS.contains(name) {
            guard context.isTrue(call.keyword("supports_credentials")) else { return [] }
            if let origins = call.keyword("origins"), !isWildcard(origins, context) { return [] }
            return [finding(at: call.id, "`\(context.text(call.function))(..., supports_credentials=True)` with \(call.keyword("origins") == nil ? "no `origins` (the default allows every origin)" : "`origins` matching every origin")", context)]
        }
        let target = call.name.flatMap { middleware.contains($0) ? call.id : nil }
            ?? call.args.first.flatMap { context.qualifiedName($0).map { middleware.contains($0) } == true ? $0 : nil }
        guard target != nil, context.isTrue(call.keyword("allow_credentials")) else { return [] }
        let anyOrigin = call.keyword("allow_origins").map { isWildcard($0, context) } == true
            || call.keyword("allow_origin_regex").map { isWildcard($0, context) } == true
        guard anyOrigin else { return [] }
        return [finding(at: call.id, "`CORSMiddleware` with `allow_credentials=True` and an origin list or regex that matches every origin", context)]
    }

    static func djangoSettings(_ node: Node, _ context: RuleContext) -> [Finding] {
        for setting in WebSettings.settings(in: node, context) where setting.isBareAssignment
            && ["CORS_ALLOW_ALL_ORIGINS", "CORS_ORIGIN_ALLOW_ALL"].contains(setting.name) && context.isTrue(setting.value)
            && WebSettings.isSettingsModule(context) {
            let credentials = context.model.bindings.contains { binding in
                guard binding.name == "CORS_ALLOW_CREDENTIALS", case .assignment(let value?) = binding.kind else { return false }
                return context.isTrue(value)
            }
            guard credentials else { return [] }
            return [finding(at: setting.value, "`\(setting.name) = True` with `CORS_ALLOW_CREDENTIALS = True`", context)]
        }
        return []
    }

    static func finding(at expr: ExprID, _ what: String, _ context: RuleContext) -> Finding {
        context.finding(descriptor, at: expr,
                        description: "\(what): any website can send requests with the user's cookies and read the responses.",
                        remediation: "List the origins that may call the API with credentials, exactly (`https://app.example.com`); keep a wildcard only for public data without credentials.",
                        fix: "origins=[\"https://app.example.com\"]")
    }
}

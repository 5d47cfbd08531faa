import Dataflow
import PythonSemantics
import PythonSyntax

/// A web route as its handler's decorator declares it: `@app.route("/login", methods=["POST"])`,
/// `@bp.get("/items/<int:id>")`, `@router.post("/items/{item_id}")`.
public struct Route: Hashable, Sendable {
    /// HTTP methods, upper case; the first is the one a proof of concept uses.
    public var methods: [String]
    /// The path pattern as written (`/user/<int:id>`, `/items/{item_id}`).
    public var path: String
    /// The path parameters' names, in order.
    public var parameters: [String] { segments.compactMap(\.parameter) }

    /// The path with each parameter replaced (by `values[name]`, else `1`).
    public func concretePath(_ values: [String: String] = [:]) -> String {
        segments.map { segment in segment.parameter.map { values[$0] ?? "1" } ?? segment.text }.joined()
    }

    /// The path as runs of literal text and parameters (`<int:id>`, `{name}`), in order.
    private var segments: [(text: String, parameter: String?)] {
        var out: [(String, String?)] = []
        var text = ""
        var current: String?
        var braced = false
        for character in path {
            switch character {
            case "<", "{":
                if !text.isEmpty { out.append((text, nil)) }
                text = ""
                current = ""
                braced = character == "{"
            case ">", "}":
                if let part = current { out.append(("", Self.parameterName(part, braced: braced))) }
                current = nil
            default:
                if current != nil { current?.append(character) } else { text.append(character) }
            }
        }
        if !text.isEmpty { out.append((text, nil)) }
        return out
    }

    /// A parameter's name: Flask and Django write the converter before it (`<int:id>`),
    /// Starlette and FastAPI after it (`{file_path:path}`).
    static func parameterName(_ part: String, braced: Bool) -> String {
        let pieces = part.split(separator: ":", maxSplits: 1).map(String.init)
        return (braced ? pieces.first : pieces.last) ?? part
    }
}

/// Where in an HTTP request a value arrives (the catalog's `InputKind`).
public typealias RequestInputKind = InputKind

/// One request input: `request.args["next"]` is `.query` named `next`.
public struct RequestInput: Hashable, Sendable {
    public var kind: RequestInputKind
    /// The field name when known (`next`); nil for the whole body or an unknown key.
    public var name: String?

    public init(_ kind: RequestInputKind, _ name: String?) {
        self.kind = kind
        self.name = name
    }
}

extension RuleContext {
    /// Decorator methods that register a route, and the HTTP method they imply.
    static let routeDecorators: [String: String?] = [
        "route": nil, "api_route": nil, "get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE",
        "websocket": "GET",
    ]
    /// The catalog's app and router classes, and those of frameworks whose requests are not
    /// modelled yet (Sanic) but whose decorators still name a route for proofs of concept.
    static let routeOwners: Set<String> = Set(FrameworkCatalog.routeOwners.keys).union(["sanic.Sanic", "sanic.Blueprint"])

    /// The route served by the function that contains `expr`, when a decorator declares it.
    /// The receiver must be a known app or router class, or (when it cannot be resolved, e.g. a
    /// blueprint imported from another module) the decorator must name a path starting with `/`.
    public func route(containing expr: ExprID) -> Route? {
        guard let scope = model.scope(of: expr) else { return nil }
        let definition = model.enclosingDefinitionScope(scope)
        guard model[definition].kind == .function, case .statement(let stmt) = model[definition].node else { return nil }
        // A decorator's route, else the URL configuration's (Django `urlpatterns`).
        return route(of: stmt) ?? taintFacts.urlRoutes[model[definition].qualifiedName]
    }

    /// The route a `def` statement's decorators declare.
    public func route(of function: StmtID) -> Route? {
        for decorator in model.decorators(of: function) {
            guard let call = decorator.call, let attribute = decorator.attribute,
                  let implied = Self.routeDecorators[attribute] else { continue }
            if let owner = decorator.receiverClass, !Self.routeOwners.contains(owner) { continue }
            guard case .call(_, let args, let keywords) = tree[call].kind else { continue }
            var pathExpr = args.first
            var methods: [String] = []
            for keyword in keywords {
                guard let name = keyword.arg else { continue }
                if name == "rule" || name == "path" { pathExpr = keyword.value }
                if name == "methods", let list = stringList(keyword.value) { methods = list.map { $0.uppercased() } }
            }
            guard let pathExpr, let path = string(pathExpr), path.hasPrefix("/") else { continue }
            if let implied { methods = [implied] }
            return Route(methods: methods.isEmpty ? ["GET"] : methods, path: routerPrefix(decorator) + path)
        }
        return nil
    }

    /// The prefix a router was built with: `APIRouter(prefix="/notes")`, `Blueprint("admin",
    /// __name__, url_prefix="/admin")`. A prefix given where the router is mounted
    /// (`include_router(router, prefix=...)`, `register_blueprint(bp, url_prefix=...)`) is not
    /// known here.
    private func routerPrefix(_ decorator: SemanticModel.Decorator) -> String {
        guard let call = decorator.call, case .call(let function, _, _) = tree[call].kind,
              case .attribute(let receiver, _, _) = tree[function].kind, case .name = tree[receiver].kind else { return "" }
        let defs = model.reachingBindings(of: receiver)
        guard defs.count == 1, case .assignment(let value?) = model[defs[0]].kind, let built = self.call(value),
              let owner = built.name, Self.routeOwners.contains(owner) else { return "" }
        for key in Self.prefixKeywords {
            if let prefix = built.keyword(key).flatMap({ string($0) }) { return prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix }
        }
        return ""
    }

    /// Router constructor keywords that prefix every route: FastAPI's `APIRouter(prefix=)`,
    /// Flask's and Quart's `Blueprint(url_prefix=)`.
    static let prefixKeywords = ["prefix", "url_prefix"]

    private func stringList(_ expr: ExprID) -> [String]? {
        switch tree[expr].kind {
        case .list(let items, _), .tuple(let items, _), .set(let items):
            let strings = items.compactMap { string($0) }
            return strings.count == items.count ? strings : nil
        default:
            return string(expr).map { [$0] }
        }
    }
}

/// Builds the HTTP request that would exploit a finding, for the report's Proof of Concept.
public enum ProofOfConcept {
    /// A raw HTTP/1.1 request to `route` with `payload` in `input`. The method is the route's
    /// first one, or POST when the input is a form or JSON field and the route allows POST.
    public static func request(route: Route, input: RequestInput, payload: String, host: String = "localhost:5000") -> String {
        var method = route.methods.first ?? "GET"
        if [.form, .json, .body, .file].contains(input.kind), let post = route.methods.first(where: { $0 != "GET" && $0 != "HEAD" }) {
            method = post
        }
        let name = input.name ?? "value"
        var path = route.concretePath(input.kind == .path ? [name: percentEncoded(payload)] : [:])
        var headers = ["Host: \(host)"]
        var body: String?
        switch input.kind {
        case .query:
            path += (path.contains("?") ? "&" : "?") + "\(percentEncoded(name))=\(percentEncoded(payload))"
        case .form:
            headers.append("Content-Type: application/x-www-form-urlencoded")
            body = "\(percentEncoded(name))=\(percentEncoded(payload))"
        case .file:
            // An upload: the payload is the file name the client claims.
            headers.append("Content-Type: multipart/form-data; boundary=poc")
            body = "--poc\nContent-Disposition: form-data; name=\"\(jsonEscaped(name))\"; filename=\"\(jsonEscaped(payload))\"\nContent-Type: application/octet-stream\n\nx\n--poc--"
        case .json:
            headers.append("Content-Type: application/json")
            body = input.name == nil ? payload : "{\"\(jsonEscaped(name))\": \"\(jsonEscaped(payload))\"}"
        case .cookie:
            headers.append("Cookie: \(name)=\(percentEncoded(payload))")
        case .header:
            headers.append("\(name): \(payload)")
        case .body:
            headers.append("Content-Type: text/plain")
            body = payload
        case .path:
            break
        }
        if let body { headers.append("Content-Length: \(body.utf8.count)") }
        var text = "\(method) \(path) HTTP/1.1\n" + headers.joined(separator: "\n")
        if let body { text += "\n\n" + body }
        return text
    }

    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            let c = Character(Unicode.Scalar(byte))
            if c.isASCII && (c.isLetter || c.isNumber || "-._~/".contains(c)) {
                out.append(c)
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    static func jsonEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

import PythonSemantics
import PythonSyntax

/// A web route as its handler's decorator declares it: `@app.route("/login", methods=["POST"])`,
/// `@bp.get("/items/<int:id>")`, `@router.post("/items/{item_id}")`.
public struct Route: Hashable, Sendable {
    /// HTTP methods, upper case; the first is the one a proof of concept uses.
    public var methods: [String]
    /// The path pattern as written (`/user/<int:id>`, `/items/{item_id}`).
    public var path: String
    /// The path parameters' names, in order (`RoutePattern` reads each framework's syntax).
    public var parameters: [String] { RoutePattern.parameters(in: path).map(\.name) }

    /// The path with each parameter replaced (by `values[name]`, else `1`).
    public func concretePath(_ values: [String: String] = [:]) -> String { RoutePattern.concrete(path, values) }
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

extension FlowContext {
    /// Decorator methods that register a route, and the HTTP method they imply.
    package static let routeDecorators: [String: String?] = [
        "route": nil, "api_route": nil, "get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE",
        "websocket": "GET",
    ]
    /// The catalog's app and router classes.
    package static let routeOwners: Set<String> = Set(FrameworkCatalog.routeOwners.keys)

    /// The route served by the function that contains `expr`, when a decorator declares it.
    /// The receiver must be a known app or router class, or (when it cannot be resolved, e.g. a
    /// blueprint imported from another module) the decorator must name a path starting with `/`.
    public func route(containing expr: ExprID) -> Route? {
        guard let scope = model.scope(of: expr) else { return nil }
        let definition = model.enclosingDefinitionScope(scope)
        guard model[definition].kind == .function, case .statement(let stmt) = model[definition].node else { return nil }
        // A decorator's route, else the URL configuration's or a registration's (Django
        // `urlpatterns`, `RouteTables`).
        let name = model[definition].qualifiedName
        return route(of: stmt) ?? taintFacts.urlRoutes[name]
    }

    /// Is `expr` in a handler that is reached only through routes with no parameter (every
    /// route decorator's path fixed, no registration elsewhere)? Its request path is then one
    /// of those paths. A function with no route decorator (a helper, a `before_request` hook)
    /// may serve any path.
    public func routesHaveNoParameters(around expr: ExprID) -> Bool {
        guard let scope = model.scope(of: expr) else { return false }
        let definition = model.enclosingDefinitionScope(scope)
        guard model[definition].kind == .function, case .statement(let stmt) = model[definition].node,
              taintFacts.urlRoutes[model[definition].qualifiedName] == nil else { return false }
        // Every route decorator read, none with a parameter (one whose path cannot be read may have one).
        let reads = model.decorators(of: stmt).map(read).filter { if case .notRoute = $0 { return false } else { return true } }
        return !reads.isEmpty && reads.allSatisfy { read in
            if case .route(let route) = read { return route.parameters.isEmpty }
            return false
        }
    }

    /// The route a `def` statement's decorators declare (the first, when several do).
    public func route(of function: StmtID) -> Route? {
        for decorator in model.decorators(of: function) {
            if case .route(let route) = read(decorator) { return route }
        }
        return nil
    }

    /// What a decorator says of routes: none, a route, or a route whose path is not a constant.
    enum RouteRead {
        case notRoute, unreadable, route(Route)
    }

    /// `@app.get(...)`, `@bp.route("/x", methods=[...])`, or a module-level route decorator
    /// (Bottle's `@get(...)`), on a known app or router class or one that cannot be resolved
    /// (also one passed in: `def init(app): @app.route(...)`).
    func read(_ decorator: SemanticModel.Decorator) -> RouteRead {
        let framework = Taint.routeDecoratorFramework(decorator, self)
        let function = decorator.attribute == nil && framework != nil ? decorator.qualifiedName?.split(separator: ".").last.map(String.init) : nil
        guard let call = decorator.call, let attribute = decorator.attribute ?? function,
              let implied = Self.routeDecorators[attribute] else { return .notRoute }
        if let owner = decorator.receiverClass, !Self.routeOwners.contains(owner) { return .notRoute }
        guard case .call(_, var args, let keywords) = tree[call].kind else { return .notRoute }
        var methods: [String] = []
        // aiohttp's `@routes.route("PUT", "/items/{id}")`: the method, then the path.
        if args.count >= 2, let method = string(args[0]), !method.hasPrefix("/"), string(args[1])?.hasPrefix("/") == true {
            methods = [method.uppercased()]
            args.removeFirst()
        }
        var pathExpr = args.first
        for keyword in keywords {
            guard let name = keyword.arg else { continue }
            if name == "rule" || name == "path" || name == "uri" { pathExpr = keyword.value }
            // Bottle spells it `method`.
            if name == "methods" || name == "method", let list = stringList(keyword.value) { methods = list.map { $0.uppercased() } }
        }
        guard let pathExpr, var path = string(pathExpr), path.hasPrefix("/") else { return .unreadable }
        if let framework, FrameworkCatalog.model(framework).colonWildcards { path = RoutePattern.fromColonWildcards(path) }
        if let implied { methods = [implied] }
        return .route(Route(methods: methods.isEmpty ? ["GET"] : methods, path: mountPrefix(of: call) + path))
    }

    /// The prefix a blueprint or router built in this module is mounted at by its own
    /// constructor (`Blueprint("shop", url_prefix="/shop")`, `APIRouter(prefix="/items")`), for
    /// the route decorator `call` on it; "" when it has none or is built elsewhere.
    package func mountPrefix(of call: ExprID) -> String {
        guard case .call(let function, _, _) = tree[call].kind, case .attribute(let receiver, _, _) = tree[function].kind,
              case .name = tree[receiver].kind, let binding = model.reachingBindings(of: receiver).first,
              case .assignment(let value?) = model[binding].kind, case .call(_, _, let keywords) = tree[value].kind,
              let prefix = keywords.first(where: { $0.arg == "url_prefix" || $0.arg == "prefix" }).flatMap({ string($0.value) }) else { return "" }
        return prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
    }

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

    package static func percentEncoded(_ text: String) -> String {
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

    package static func jsonEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

private extension String {
    package func leftPadded(to width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}

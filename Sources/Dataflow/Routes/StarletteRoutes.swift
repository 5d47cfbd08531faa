import PythonSemantics
import PythonSyntax

/// Starlette's routing tables read as data: `Route("/images/{name:path}", endpoints.image)`,
/// `Route("/upload", upload, methods=["POST"])` and `Mount("/api", routes=[...])` in a module that
/// imports Starlette (the lists given to `Starlette(routes=...)` or a `Router`), with an
/// `HTTPEndpoint` class standing for its `get`/`post`/... methods. Gives proofs of concept for
/// Starlette endpoints the URL they are served at, which no decorator says.
package enum StarletteRoutes {
    package static let routeClasses: Set<String> = ["starlette.routing.Route", "starlette.routing.WebSocketRoute"]
    package static let mountClasses: Set<String> = ["starlette.routing.Mount"]
    /// Methods of an `HTTPEndpoint` that answer a request, and their HTTP method.
    package static let endpointMethods: [String: String] = ["get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"]

    /// Project function qualified name → the route that serves it.
    package static func routes(_ models: [SemanticModel], project: ProjectIndex) -> [String: Route] {
        var out: [String: Route] = [:]
        for model in models where Taint.importsModule(["starlette"], model) {
            let prefixes = mountPrefixes(model)
            let tree = model.tree
            for index in tree.exprs.indices {
                let id = ExprID(Int32(index))
                guard case .call(let function, let args, let keywords) = tree[id].kind,
                      let name = model.qualifiedName(of: function), routeClasses.contains(name),
                      let pathExpr = args.first ?? keywords.first(where: { $0.arg == "path" })?.value,
                      let path = model.constantString(of: pathExpr),
                      let endpoint = args.dropFirst().first ?? keywords.first(where: { $0.arg == "endpoint" })?.value,
                      let target = model.qualifiedName(of: endpoint) else { continue }
                let full = (prefixes[id] ?? "") + path
                var methods: [String] = []
                if let list = keywords.first(where: { $0.arg == "methods" })?.value, case .list(let items, _) = tree[list].kind {
                    methods = items.compactMap { model.constantString(of: $0)?.uppercased() }
                }
                let cls = project.canonicalName(target)
                if let summary = project.classes[cls] {
                    for method in summary.methods {
                        guard let verb = endpointMethods[method], out[cls + "." + method] == nil else { continue }
                        out[cls + "." + method] = Route(methods: [verb], path: full)
                    }
                } else if let resolved = project.resolveFunction(target), out[resolved] == nil {
                    out[resolved] = Route(methods: methods.isEmpty ? ["GET"] : methods, path: full)
                }
            }
        }
        return out
    }

    /// The prefix each `Route(...)` call in a `Mount(prefix, routes=[...])` is mounted below
    /// (nested mounts joined); the list may be written out or a name bound once to one.
    package static func mountPrefixes(_ model: SemanticModel) -> [ExprID: String] {
        let tree = model.tree
        var out: [ExprID: String] = [:]
        func routes(of list: ExprID) -> [ExprID] {
            if case .list(let items, _) = tree[list].kind { return items }
            if case .name = tree[list].kind, case let defs = model.reachingBindings(of: list), defs.count == 1,
               case .assignment(let value?) = model[defs[0]].kind, case .list(let items, _) = tree[value].kind { return items }
            return []
        }
        func mount(_ call: ExprID, below prefix: String, depth: Int) {
            guard depth < 8, case .call(_, let args, let keywords) = tree[call].kind,
                  let pathExpr = args.first ?? keywords.first(where: { $0.arg == "path" })?.value,
                  let path = model.constantString(of: pathExpr),
                  let list = keywords.first(where: { $0.arg == "routes" })?.value ?? (args.count >= 3 ? args[2] : nil) else { return }
            let here = prefix + (path.hasSuffix("/") ? String(path.dropLast()) : path)
            for item in routes(of: list) {
                guard case .call(let function, _, _) = tree[item].kind, let name = model.qualifiedName(of: function) else { continue }
                if routeClasses.contains(name) { out[item] = here }
                if mountClasses.contains(name) { mount(item, below: here, depth: depth + 1) }
            }
        }
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard case .call(let function, _, _) = tree[id].kind, let name = model.qualifiedName(of: function), mountClasses.contains(name),
                  out[id] == nil else { continue }
            mount(id, below: "", depth: 0)
        }
        return out
    }
}

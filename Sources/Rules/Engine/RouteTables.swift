import Dataflow
import PythonSemantics
import PythonSyntax

/// Routes registered by calls and route lists instead of decorators, read from the catalog's
/// `FrameworkModel.routeRegistrations`: aiohttp's `app.router.add_get("/x/{name}", views.show)`
/// and `app.add_routes([web.get(...)])`, Sanic's `app.add_route(handler, "/x")`, Tornado's
/// `Application([(r"/x/(\w+)", XHandler), url(...)])`, and route decorators on class views
/// (aiohttp's `@routes.view("/x")`). Gives proofs of concept their URL, and tells the source
/// model which functions are handlers that take the request first (the registration may be in
/// another module than the handler: `routes.py` naming `views.index`).
enum RouteTables {
    struct Table {
        /// Function qualified name → its route (class views: `Class.get`, `Class.post`, ...).
        var routes: [String: Route] = [:]
        /// Function qualified name → the framework that calls it with the request first.
        var handlers: [String: RequestOrigin.Framework] = [:]
    }

    /// Methods of a handler class that answer a request, and their HTTP method.
    static let verbMethods: [String: String] = ["get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"]

    static func collect(_ models: [SemanticModel], project: ProjectIndex) -> Table {
        var table = Table()
        for model in models {
            let frameworks = FrameworkCatalog.all.filter { !$0.routeRegistrations.isEmpty && RequestSources.importsModule($0.packages, model) }
            guard !frameworks.isEmpty else { continue }
            let tree = model.tree
            for index in tree.exprs.indices {
                let id = ExprID(Int32(index))
                guard model.scope(of: id) != nil else { continue }
                switch tree[id].kind {
                case .call(let function, let args, let keywords):
                    for framework in frameworks {
                        for registration in framework.routeRegistrations where matches(registration.form, function, model) {
                            record(framework, registration, args, keywords, model, project, into: &table)
                        }
                    }
                case .tuple(let elts, _):
                    for framework in frameworks {
                        for registration in framework.routeRegistrations where registration.form == .tuple {
                            record(framework, registration, elts, [], model, project, into: &table)
                        }
                    }
                default:
                    continue
                }
            }
            classDecorators(model, project, into: &table)
        }
        return table
    }

    static func matches(_ form: RouteRegistration.Form, _ function: ExprID, _ model: SemanticModel) -> Bool {
        switch form {
        case .method(let name):
            if case .attribute(_, let attr, _) = model.tree[function].kind { return attr == name }
            return false
        case .function(let name):
            return model.qualifiedName(of: function) == name
        case .tuple:
            return false
        }
    }

    /// One registration: the handler (a project function, or a handler class whose verb
    /// methods are each routed) and its path.
    static func record(_ framework: FrameworkModel, _ registration: RouteRegistration, _ args: [ExprID], _ keywords: [Keyword],
                       _ model: SemanticModel, _ project: ProjectIndex, into table: inout Table) {
        let tree = model.tree
        guard registration.path < args.count, registration.handler < args.count,
              let written = model.constantString(of: args[registration.path]) else { return }
        var handler = args[registration.handler]
        // Sanic's `SomeView.as_view()`: the class.
        if case .call(let function, _, _) = tree[handler].kind, case .attribute(let base, "as_view", _) = tree[function].kind { handler = base }
        guard let name = model.qualifiedName(of: handler) else { return }
        var methods: [String] = registration.method.map { [$0] } ?? []
        if let position = registration.methodArgument, position < args.count, let method = model.constantString(of: args[position]) {
            methods = [method.uppercased()]
        }
        if let keyword = registration.methodsKeyword, let value = keywords.first(where: { $0.arg == keyword })?.value {
            switch tree[value].kind {
            case .list(let items, _), .tuple(let items, _), .set(let items):
                methods = items.compactMap { model.constantString(of: $0)?.uppercased() }
            default:
                break
            }
        }
        if let function = project.resolveFunction(name), project.functions[function] != nil {
            guard !registration.isRegex, written.hasPrefix("/") else { return }
            if table.routes[function] == nil { table.routes[function] = Route(methods: methods.isEmpty ? ["GET"] : methods, path: written) }
            if framework.requestIsFirstParameter, table.handlers[function] == nil { table.handlers[function] = framework.framework }
            return
        }
        let cls = project.canonicalName(name)
        guard project.classes[cls] != nil else { return }
        // A route list's tuple is a route only when it names one of the framework's handler classes.
        if registration.form == .tuple, RequestSources.projectHandlerBase(cls, project) != framework.framework { return }
        for (method, verb) in verbMethods {
            let target = cls + "." + method
            guard let summary = project.functions[target], table.routes[target] == nil else { continue }
            let path = registration.isRegex ? RoutePattern.fromRegex(written, names: Array(summary.parameters.dropFirst())) : written
            guard let path, path.hasPrefix("/") else { continue }
            table.routes[target] = Route(methods: [verb], path: path)
        }
    }

    /// Route decorators on a class (aiohttp's `@routes.view("/x")` on a `web.View`): each verb
    /// method of the class is served at that path.
    static func classDecorators(_ model: SemanticModel, _ project: ProjectIndex, into table: inout Table) {
        for scope in model.scopes where scope.kind == .class {
            guard case .statement(let stmt) = scope.node else { continue }
            for decorator in model.decorators(of: stmt) {
                guard let owner = decorator.receiverClass, let framework = FrameworkCatalog.routeOwners[owner],
                      let attribute = decorator.attribute, FrameworkCatalog.model(framework).routeVerbs.contains(attribute),
                      let call = decorator.call, case .call(_, let args, _) = model.tree[call].kind,
                      let path = args.lazy.compactMap({ model.constantString(of: $0) }).first(where: { $0.hasPrefix("/") }) else { continue }
                let cls = project.canonicalName(scope.qualifiedName)
                for (method, verb) in verbMethods where project.functions[cls + "." + method] != nil && table.routes[cls + "." + method] == nil {
                    table.routes[cls + "." + method] = Route(methods: [verb], path: path)
                }
            }
        }
    }
}

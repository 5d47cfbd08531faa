import PythonSemantics
import PythonSyntax

/// Routes registered by calls and route lists instead of decorators, read from the catalog's
/// `FrameworkModel.routeRegistrations`: aiohttp's `app.router.add_get("/x/{name}", views.show)`
/// and `app.add_routes([web.get(...)])`, Sanic's `app.add_route(handler, "/x")`, Tornado's
/// `Application([(r"/x/(\w+)", XHandler), url(...)])`, Falcon's `app.add_route("/x/{id}",
/// Resource())`, Bottle's `app.route("/x", callback=f)`, route decorators on class views
/// (aiohttp's `@routes.view("/x")`), and Pyramid's `add_route` + `view_config`/`add_view`
/// (`PyramidConfig`). Gives proofs of concept their URL, and tells the source model which
/// functions a framework calls as handlers (the registration may be in another module than
/// the handler: `routes.py` naming `views.index`).
package enum RouteTables {
    package struct Table {
        /// Function qualified name → its route (class views: `Class.get`, `Class.post`, ...).
        package var routes: [String: Route] = [:]
        /// Function qualified name → the framework whose registration routes it (consumers read
        /// the framework's model: aiohttp's handlers take the request first, Bottle's callbacks
        /// take the URL parts).
        package var handlers: [String: RequestOrigin.Framework] = [:]
    }

    /// Methods of a handler class that answer a request, and their HTTP method.
    package static let verbMethods: [String: String] = ["get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"]

    package static func collect(_ models: [SemanticModel], project: ProjectIndex) -> Table {
        var table = Table()
        for model in models {
            let frameworks = FrameworkCatalog.all.filter { !$0.routeRegistrations.isEmpty && Taint.importsModule($0.packages, model) }
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
        // Pyramid's two-step registration: `config.add_route(name, pattern)` joined with the
        // views `@view_config(route_name=name)` or `config.add_view(view, route_name=name)` name.
        for (function, route) in PyramidConfig.routes(models, project: project) where table.routes[function] == nil {
            table.routes[function] = route
            if table.handlers[function] == nil { table.handlers[function] = .pyramid }
        }
        return table
    }

    package static func matches(_ form: RouteRegistration.Form, _ function: ExprID, _ model: SemanticModel) -> Bool {
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

    /// One registration: the handler (a project function, a handler class whose verb methods
    /// are each routed, or an instance of one: Falcon's resource object) and its path.
    package static func record(_ framework: FrameworkModel, _ registration: RouteRegistration, _ args: [ExprID], _ keywords: [Keyword],
                       _ model: SemanticModel, _ project: ProjectIndex, into table: inout Table) {
        let tree = model.tree
        let argument = { (index: Int?, keyword: String?) -> ExprID? in
            if let index, index < args.count { return args[index] }
            return keyword.flatMap { name in keywords.first { $0.arg == name }?.value }
        }
        guard let pathExpr = argument(registration.path, registration.pathKeyword), var written = model.constantString(of: pathExpr),
              var handler = argument(registration.handler, registration.handlerKeyword) else { return }
        if framework.colonWildcards { written = RoutePattern.fromColonWildcards(written) }
        // Sanic's `SomeView.as_view()`: the class.
        if case .call(let function, _, _) = tree[handler].kind, case .attribute(let base, "as_view", _) = tree[function].kind { handler = base }
        var methods: [String] = registration.method.map { [$0] } ?? []
        if let position = registration.methodArgument, position < args.count, let named = httpMethods(args[position], model) { methods = named }
        if let keyword = registration.methodsKeyword, let value = keywords.first(where: { $0.arg == keyword })?.value,
           let named = httpMethods(value, model) { methods = named }
        if let name = model.qualifiedName(of: handler), let function = project.resolveFunction(name), project.functions[function] != nil {
            guard !registration.isRegex, written.hasPrefix("/") else { return }
            if table.routes[function] == nil { table.routes[function] = Route(methods: methods.isEmpty ? ["GET"] : methods, path: written) }
            if table.handlers[function] == nil { table.handlers[function] = framework.framework }
            return
        }
        // A handler class, or an object built from one (`ItemResource()`, `resource = ItemResource()`).
        guard let name = model.qualifiedName(of: handler).flatMap({ project.classes[project.canonicalName($0)] != nil ? $0 : nil })
                ?? model.constructorName(of: handler) else { return }
        let cls = project.canonicalName(name)
        guard project.classes[cls] != nil else { return }
        // A route list's tuple is a route only when it names one of the framework's handler classes.
        if registration.form == .tuple, Taint.projectHandlerBase(cls, project) != framework.framework { return }
        let suffix = registration.suffixKeyword.flatMap { name in keywords.first { $0.arg == name } }.flatMap { model.constantString(of: $0.value) } ?? ""
        // The class and its project bases, nearest first: an inherited handler method is served too.
        for owner in classChain(cls, project) {
            for (method, verb) in handlerMethods(owner, framework, suffix: suffix, project) {
                let target = owner + "." + method
                guard let summary = project.functions[target], table.routes[target] == nil else { continue }
                let path = registration.isRegex ? RoutePattern.fromRegex(written, names: Array(summary.parameters.dropFirst())) : written
                guard let path, path.hasPrefix("/") else { continue }
                table.routes[target] = Route(methods: [verb], path: path)
            }
        }
    }

    /// The methods of a handler class that answer requests, with their HTTP methods: the
    /// framework's responders when it names them by convention (Falcon's `on_get`, or
    /// `on_get_item` for `suffix="item"`), else the verb methods (`get`, `post`).
    package static func handlerMethods(_ cls: String, _ framework: FrameworkModel, suffix: String, _ project: ProjectIndex) -> [(String, String)] {
        guard !framework.responders.isEmpty else { return verbMethods.map { ($0.key, $0.value) } }
        return (project.classes[cls]?.methods ?? []).compactMap { method in
            for convention in framework.responders {
                guard let (_, found) = convention.responder(method), found == suffix, let verb = convention.httpMethod(method) else { continue }
                return (method, verb)
            }
            return nil
        }
    }

    /// A project class and its project base classes (a few levels), nearest first.
    package static func classChain(_ name: String, _ project: ProjectIndex) -> [String] {
        var chain: [String] = []
        var pending = [name]
        while let next = pending.first, chain.count < 8 {
            pending.removeFirst()
            guard let summary = project.classes[next], !chain.contains(next) else { continue }
            chain.append(next)
            pending += summary.bases.map { project.canonicalName($0) }
        }
        return chain
    }

    /// A constant string, or a list/tuple/set of them (`method=["GET", "POST"]`), upper-cased.
    package static func httpMethods(_ expr: ExprID, _ model: SemanticModel) -> [String]? {
        if let text = model.constantString(of: expr) { return [text.uppercased()] }
        switch model.tree[expr].kind {
        case .list(let items, _), .tuple(let items, _), .set(let items):
            let texts = items.compactMap { model.constantString(of: $0)?.uppercased() }
            return texts.count == items.count && !texts.isEmpty ? texts : nil
        default:
            return nil
        }
    }

    /// Route decorators on a class (aiohttp's `@routes.view("/x")` on a `web.View`): each verb
    /// method of the class is served at that path.
    package static func classDecorators(_ model: SemanticModel, _ project: ProjectIndex, into table: inout Table) {
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

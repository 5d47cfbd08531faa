import PythonSemantics
import PythonSyntax

/// Pyramid's URL dispatch read as data: `config.add_route("item", "/items/{id}")` names a
/// route, and a view joins it by `route_name`, declared with `@view_config(...)` (on a
/// function, a method, or a class, with `@view_defaults(...)` on the class) or registered with
/// `config.add_view(view, route_name=..., attr=...)`. Gives each view the route's pattern, for
/// proofs of concept and for `matchdict` parts the pattern restricts (`{id:\d+}`).
package enum PyramidConfig {
    package static let viewDecorators: Set<String> = ["pyramid.view.view_config", "pyramid.view.bfg_view"]
    package static let defaultsDecorators: Set<String> = ["pyramid.view.view_defaults"]

    /// A view registration: the view's qualified name as written, and its settings.
    package struct View {
        package let name: String
        package let routeName: String?
        package let methods: [String]?
    }

    package static func routes(_ models: [SemanticModel], project: ProjectIndex) -> [String: Route] {
        var patterns: [String: (pattern: String, methods: [String]?)] = [:]
        var views: [View] = []
        for model in models where Taint.importsModule(Pyramid.model.packages, model) {
            for (name, route) in addedRoutes(model) where patterns[name] == nil { patterns[name] = route }
            views += decoratedViews(model) + addedViews(model, project)
        }
        var out: [String: Route] = [:]
        for view in views {
            guard let routeName = view.routeName, let route = patterns[routeName], let function = project.resolveFunction(view.name) ?? project.functions[project.canonicalName(view.name)]?.qualifiedName,
                  out[function] == nil else { continue }
            out[function] = Route(methods: view.methods ?? route.methods ?? ["GET"], path: route.pattern)
        }
        return out
    }

    /// `config.add_route("item", "/items/{id}", request_method="GET")`: name → pattern
    /// (Pyramid puts a leading `/` on a pattern written without one).
    package static func addedRoutes(_ model: SemanticModel) -> [(String, (pattern: String, methods: [String]?))] {
        calls(model).compactMap { call in
            guard case .attribute(_, "add_route", _) = model.tree[call.function].kind,
                  let nameExpr = argument(call.args, call.keywords, 0, "name"), let name = model.constantString(of: nameExpr),
                  let patternExpr = argument(call.args, call.keywords, 1, "pattern"),
                  let pattern = model.constantString(of: patternExpr) else { return nil }
            let methods = httpMethods(call.keywords.first { $0.arg == "request_method" }?.value, model)
            return (name, (pattern.hasPrefix("/") ? pattern : "/" + pattern, methods))
        }
    }

    /// `@view_config(route_name=..., request_method=...)` on functions and methods (route
    /// name defaulted by the class's `@view_defaults`), and on classes (their `attr=`
    /// method, else `__call__`).
    package static func decoratedViews(_ model: SemanticModel) -> [View] {
        var out: [View] = []
        for scope in model.scopes where scope.kind == .function || scope.kind == .class {
            guard case .statement(let stmt) = scope.node else { continue }
            var defaults: [String: ExprID] = [:]
            if scope.kind == .function, let parent = scope.parent, model[parent].kind == .class, case .statement(let classStmt) = model[parent].node {
                defaults = settings(model, classStmt, defaultsDecorators)
            }
            for decorator in model.decorators(of: stmt) where decorator.qualifiedName.map(viewDecorators.contains) ?? false {
                var values = defaults
                if let call = decorator.call, case .call(_, _, let keywords) = model.tree[call].kind {
                    for keyword in keywords { if let arg = keyword.arg { values[arg] = keyword.value } }
                }
                var name = scope.qualifiedName
                if scope.kind == .class { name += "." + (values["attr"].flatMap { model.constantString(of: $0) } ?? "__call__") }
                out.append(View(name: name, routeName: values["route_name"].flatMap { model.constantString(of: $0) },
                                methods: httpMethods(values["request_method"], model)))
            }
        }
        return out
    }

    /// `config.add_view(view, route_name=..., attr=..., request_method=...)`, the view given
    /// as a name (a function or a class) or a dotted string.
    package static func addedViews(_ model: SemanticModel, _ project: ProjectIndex) -> [View] {
        calls(model).compactMap { call in
            guard case .attribute(_, "add_view", _) = model.tree[call.function].kind,
                  let viewExpr = argument(call.args, call.keywords, 0, "view"),
                  var name = model.qualifiedName(of: viewExpr) ?? model.constantString(of: viewExpr) else { return nil }
            let keyword = { (key: String) in call.keywords.first { $0.arg == key }?.value }
            if project.classes[project.canonicalName(name)] != nil {
                name = project.canonicalName(name) + "." + (keyword("attr").flatMap { model.constantString(of: $0) } ?? "__call__")
            }
            return View(name: name, routeName: keyword("route_name").flatMap { model.constantString(of: $0) },
                        methods: httpMethods(keyword("request_method"), model))
        }
    }

    /// The keyword arguments of a class decorator among `names` (`@view_defaults(route_name="x")`).
    package static func settings(_ model: SemanticModel, _ stmt: StmtID, _ names: Set<String>) -> [String: ExprID] {
        var out: [String: ExprID] = [:]
        for decorator in model.decorators(of: stmt) where decorator.qualifiedName.map(names.contains) ?? false {
            guard let call = decorator.call, case .call(_, _, let keywords) = model.tree[call].kind else { continue }
            for keyword in keywords { if let arg = keyword.arg { out[arg] = keyword.value } }
        }
        return out
    }

    /// The calls of one module, in source order.
    package static func calls(_ model: SemanticModel) -> [(id: ExprID, function: ExprID, args: [ExprID], keywords: [Keyword])] {
        model.tree.exprs.indices.compactMap { index in
            guard case .call(let function, let args, let keywords) = model.tree.exprs[index].kind else { return nil }
            return (ExprID(Int32(index)), function, args, keywords)
        }
    }

    /// The value passed as positional `index` or keyword `name`.
    package static func argument(_ args: [ExprID], _ keywords: [Keyword], _ index: Int?, _ name: String) -> ExprID? {
        if let index, index < args.count { return args[index] }
        return keywords.first { $0.arg == name }?.value
    }

    /// `request_method="GET"` or `request_method=("GET", "POST")`.
    package static func httpMethods(_ expr: ExprID?, _ model: SemanticModel) -> [String]? {
        expr.flatMap { RouteTables.httpMethods($0, model) }
    }
}

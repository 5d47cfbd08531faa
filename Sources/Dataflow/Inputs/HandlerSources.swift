import PythonSemantics
import PythonSyntax

/// Sources of frameworks whose handlers do not read a request global or a `request` parameter:
/// handler classes whose `self` holds the request (Tornado's `RequestHandler`, aiohttp's
/// `web.View`: `self.request`) and, for Tornado, reads it itself (`self.get_argument("q")`,
/// `self.path_args`, and `get(self, slug)`'s URL parts); and route functions whose first
/// parameter is the request whatever its name (aiohttp, Sanic), with Sanic's URL parts after it.
/// All of it is read from the catalog's `FrameworkModel` fields.
extension Taint {
    /// Every attribute and method name through which a handler's `self` reads the request: an
    /// expression naming none of them is not asked about further (the question is asked of
    /// nearly every expression a rule follows).
    package static let handlerNames: Set<String> = Set(FrameworkCatalog.all.flatMap { model in
        Array(model.handlerAttributes.keys) + Array(model.handlerMethods.keys) + (model.handlerRequestAttribute.map { [$0] } ?? [])
    })

    /// The framework of a handler object that holds the request rather than being it: `self`
    /// in a method of a Tornado `RequestHandler` or an aiohttp `web.View` subclass.
    package static func handlerObject(_ expr: ExprID, _ context: FlowContext) -> RequestOrigin.Framework? {
        guard case .name = context.tree[expr].kind else { return nil }
        let defs = context.model.reachingBindings(of: expr)
        guard defs.count == 1, context.model.isMethodReceiver(defs[0]), let framework = handlerFramework(defs[0], context),
              FrameworkCatalog.model(framework).handlerRequestAttribute != nil else { return nil }
        return framework
    }

    /// What a handler object reads itself: `self.path_args`, `self.get_argument("q")`.
    package static func handlerSource(_ expr: ExprID, _ context: FlowContext) -> RequestOrigin? {
        let tree = context.tree
        let read: (base: ExprID, name: String, isCall: Bool)
        switch tree[expr].kind {
        case .attribute(let base, let attr, _):
            read = (base, attr, false)
        case .call(let function, _, _):
            guard case .attribute(let base, let attr, _) = tree[function].kind else { return nil }
            read = (base, attr, true)
        default:
            return nil
        }
        guard handlerNames.contains(read.name), let framework = handlerObject(read.base, context) else { return nil }
        let model = FrameworkCatalog.model(framework)
        guard let field = read.isCall ? model.handlerMethods[read.name] : model.handlerAttributes[read.name] else { return nil }
        return RequestOrigin(framework: framework, field: field.label, expr: expr, isStructured: field.isStructured)
    }

    /// `self.request` of a handler object: that framework's request.
    package static func handlerRequest(_ base: ExprID, _ attr: String, _ context: FlowContext) -> RequestOrigin.Framework? {
        guard handlerNames.contains(attr), let framework = handlerObject(base, context),
              FrameworkCatalog.model(framework).handlerRequestAttribute == attr else { return nil }
        return framework
    }

    /// The framework whose handler base a project class derives from, through project classes
    /// in any module (`class PostHandler(BaseHandler)` with `BaseHandler(tornado.web.RequestHandler)`
    /// in another module), a few levels deep.
    package static func projectHandlerBase(_ name: String, _ project: ProjectIndex, depth: Int = 0) -> RequestOrigin.Framework? {
        if let framework = FrameworkCatalog.handlerBases[name] { return framework }
        let canonical = project.canonicalName(name)
        if let framework = FrameworkCatalog.handlerBases[canonical] { return framework }
        guard depth < 6, let summary = project.classes[canonical] else { return nil }
        for base in summary.bases {
            if let framework = projectHandlerBase(base, project, depth: depth + 1) { return framework }
        }
        return nil
    }

    /// The request as the first parameter of a route function, whatever its name (aiohttp's
    /// `async def handler(request)`, Sanic's): routed by a decorator of such a framework, or
    /// named by a route registration anywhere in the project (`router.add_get("/", views.index)`).
    /// For a method registered as a handler, the first parameter after `self`.
    package static func routeRequestParameter(_ index: Int, _ function: ScopeID, _ context: FlowContext) -> RequestOrigin.Framework? {
        let isMethod = context.model[function].parent.map { context.model[$0].kind == .class } ?? false
        guard index == (isMethod ? 1 : 0) else { return nil }
        if case .statement(let stmt) = context.model[function].node, case .requestFirst(let framework, _)? = RouteKind.of(stmt, context) {
            return framework
        }
        return registeredRequestFirstHandler(context.model[function].qualifiedName, context)
    }

    /// The framework that a route registration names this function a handler of, when that
    /// framework passes the request first (aiohttp, Sanic; not Bottle's URL-part callbacks).
    package static func registeredRequestFirstHandler(_ name: String, _ context: FlowContext) -> RequestOrigin.Framework? {
        guard let framework = context.taintFacts.registeredHandlers[name], FrameworkCatalog.model(framework).requestIsFirstParameter else { return nil }
        return framework
    }

    /// URL parts that arrive as parameters: a Tornado handler method's parameters after `self`
    /// (the route's capture groups, unless the group matches only digits), and a Sanic route
    /// function's parameters after the request that its path names (`/<name>`), unless a
    /// converter makes them something other than text (`<id:int>`). (aiohttp passes only the
    /// request: its paths name no parameter of the handler.)
    /// `route` is what the function's decorators declare.
    package static func urlParameterSource(_ expr: ExprID, _ binding: BindingID, route: RouteKind?, _ context: FlowContext) -> RequestOrigin? {
        guard let (arg, index, owner) = parameter(binding, context), index > 0 else { return nil }
        let function = context.model[owner]
        if let framework = handlerFramework(binding, context) {
            let model = FrameworkCatalog.model(framework)
            guard model.urlParameterMethods.contains(function.name) else { return nil }
            // The route's regular expression, when a route table in the project names the handler.
            if let route = context.taintFacts.urlRoutes[function.qualifiedName],
               let group = RoutePattern.parameters(in: route.path).first(where: { $0.name == arg.arg })?.converter,
               RoutePattern.matchesOnlyDigits(group) { return nil }
            // Tornado passes `self.path_args` (or `path_kwargs`) as these parameters.
            return RequestOrigin(framework: framework, field: "path_args", expr: expr, isStructured: false)
        }
        // Routed by a decorator, or by a registration elsewhere (`app.add_route(handler, "/x/<name>")`).
        let framework: RequestOrigin.Framework
        let pattern: String?
        if case .requestFirst(let routed, let path)? = route {
            (framework, pattern) = (routed, path)
        } else if let registered = registeredRequestFirstHandler(function.qualifiedName, context) {
            (framework, pattern) = (registered, context.taintFacts.urlRoutes[function.qualifiedName]?.path)
        } else {
            return nil
        }
        let isMethod = function.parent.map { context.model[$0].kind == .class } ?? false
        guard index > (isMethod ? 1 : 0) else { return nil }
        if let pattern {
            guard let part = RoutePattern.parameters(in: pattern).first(where: { $0.name == arg.arg }),
                  RoutePattern.isText(part, nonTextConverters: FrameworkCatalog.model(framework).nonTextConverters) else { return nil }
        }
        return RequestOrigin(framework: framework, field: "match_info", expr: expr, isStructured: false)
    }

    /// The path a route decorator names: its first string argument starting with `/` (aiohttp's
    /// `@routes.route("GET", "/x")` puts the method first), or its `uri`/`path`/`rule` keyword.
    package static func decoratorPath(_ call: CallInfo, _ context: FlowContext) -> String? {
        for arg in call.args.prefix(2) {
            if let text = context.string(arg), text.hasPrefix("/") { return text }
        }
        for keyword in ["uri", "path", "rule"] {
            if let value = call.keyword(keyword), let text = context.string(value) { return text }
        }
        return nil
    }
}

import PythonSemantics
import PythonSyntax

/// The source model's answers for frameworks whose handlers the catalog describes beyond
/// Flask-style decorators and request globals (Falcon, Bottle, Pyramid): responders found by
/// method name, route functions whose parameters are URL wildcards, request mappings read by
/// attribute, and values the framework already reduced. All of it comes from the
/// `FrameworkModel` rows (`responders`, `routeParametersAreURLParts`, `nonTextConverters`,
/// `convertedURLPartReads`, `routeFunctions`, `attributeMappings`, `sanitizedAttributes`);
/// nothing here names a framework.
extension Taint {
    /// Packages of the frameworks whose handlers take URL parts as parameters.
    package static let handlerPackages: [String] = FrameworkCatalog.all.filter { $0.routeParametersAreURLParts || !$0.responders.isEmpty }.flatMap(\.packages)

    /// A method that a framework calls by its name (Falcon's `on_get`, `on_post_item`,
    /// `process_request`), in a class of a module that imports the framework.
    package static func responder(_ function: ScopeID, _ context: FlowContext) -> (framework: RequestOrigin.Framework, convention: ResponderConvention)? {
        let scope = context.model[function]
        guard scope.kind == .function, let parent = scope.parent, context.model[parent].kind == .class else { return nil }
        for model in FrameworkCatalog.all where !model.responders.isEmpty && importsModule(model.packages, context) {
            for convention in model.responders where convention.responder(scope.name) != nil { return (model.framework, convention) }
        }
        return nil
    }

    /// The framework whose request the parameter at `index` of `function` is, when the
    /// function is one of its responders and the parameter stands where the request goes.
    package static func responderRequest(_ index: Int, _ function: ScopeID, _ context: FlowContext) -> RequestOrigin.Framework? {
        guard let (framework, convention) = responder(function, context), index == convention.requestPosition else { return nil }
        return framework
    }

    /// `def view(context, request)`: the parameter before the request is one the framework
    /// names (`FrameworkModel.requestParameterAfter`).
    package static func followsRequestPrecursor(_ model: FrameworkModel, _ index: Int, _ function: ScopeID, _ context: FlowContext) -> Bool {
        guard index > 0, !model.requestParameterAfter.isEmpty, case .statement(let stmt) = context.model[function].node,
              let def = functionDef(stmt, context.tree) else { return false }
        let params = context.tree.parameters(of: def.args)
        return index - 1 < params.count && model.requestParameterAfter.contains(params[index - 1].arg)
    }

    /// A route function of a framework with `routeParametersAreURLParts` (Bottle): declared by a route
    /// decorator (an app method, a module-level `@route`/`@get`, or an app passed in with a
    /// path starting with `/`), or registered by a call (`app.route(path, callback=f)`).
    /// `pattern` is the route's path as written, when known.
    package static func routeFunction(_ function: ScopeID, _ context: FlowContext) -> (framework: RequestOrigin.Framework, pattern: String?)? {
        guard case .statement(let stmt) = context.model[function].node else { return nil }
        for decorator in context.model.decorators(of: stmt) {
            guard let framework = routeDecoratorFramework(decorator, context),
                  FrameworkCatalog.model(framework).routeParametersAreURLParts else { continue }
            let call = decorator.call.flatMap { context.call($0) }
            return (framework, call?.argument(0, "path").flatMap { context.string($0) })
        }
        let name = context.model[function].qualifiedName
        if let framework = context.taintFacts.registeredHandlers[name], FrameworkCatalog.model(framework).routeParametersAreURLParts {
            return (framework, context.taintFacts.urlRoutes[name]?.path)
        }
        return nil
    }

    /// The framework of a route decorator, by the catalog's `routeFunctions`, `routeOwners`
    /// and `routeVerbs` (for frameworks with `routeParametersAreURLParts`; Flask, FastAPI,
    /// aiohttp and Sanic are `RouteKind`'s).
    package static func routeDecoratorFramework(_ decorator: SemanticModel.Decorator, _ context: FlowContext) -> RequestOrigin.Framework? {
        if let name = decorator.qualifiedName, let framework = FrameworkCatalog.routeFunctions[name] { return framework }
        guard let attribute = decorator.attribute else { return nil }
        if let owner = decorator.receiverClass {
            guard let framework = FrameworkCatalog.routeOwners[owner], FrameworkCatalog.model(framework).routeVerbs.contains(attribute) else { return nil }
            return framework
        }
        // An app passed in or imported (`def setup(app): @app.get("/x")`).
        guard let path = decorator.call.flatMap({ context.call($0)?.argument(0, "path") }).flatMap({ context.string($0) }),
              path.hasPrefix("/") else { return nil }
        return FrameworkCatalog.all.first { model in
            model.routeParametersAreURLParts && model.routeVerbs.contains(attribute) && importsModule(model.packages, context)
        }?.framework
    }

    /// A handler parameter that receives a URL part: a route function's parameter named in
    /// its pattern (Bottle's `def hello(name)` under `/hello/<name>`), or a responder's
    /// parameter after the request and response (Falcon's `on_get(self, req, resp, name)` and
    /// `**params`). Converted parts (`<id:int>`, `{id:int}`) are not text, so not sources.
    package static func urlPartParameter(_ expr: ExprID, _ context: FlowContext) -> RequestOrigin? {
        guard importsModule(handlerPackages, context) else { return nil }
        let defs = context.model.reachingBindings(of: expr)
        guard defs.count == 1, let (arg, index, function) = parameter(defs[0], context) else { return nil }
        if let (framework, pattern) = routeFunction(function, context) {
            let model = FrameworkCatalog.model(framework)
            if let written = pattern {
                let pattern = model.colonWildcards ? RoutePattern.fromColonWildcards(written) : written
                guard let part = RoutePattern.parameters(in: pattern).first(where: { $0.name == arg.arg }),
                      RoutePattern.isText(part, nonTextConverters: model.nonTextConverters) else { return nil }
            }
            return RequestOrigin(framework: framework, field: "url_args", expr: expr, isStructured: false)
        }
        guard let (framework, convention) = responder(function, context), let first = convention.firstURLPosition, index >= first,
              case .statement(let stmt) = context.model[function].node, let def = functionDef(stmt, context.tree) else { return nil }
        let isMapping = context.tree[def.args].kwarg?.arg == arg.arg
        guard isMapping || context.tree[def.args].vararg?.arg != arg.arg else { return nil }
        if !isMapping, let pattern = context.taintFacts.urlRoutes[context.model[function].qualifiedName]?.path {
            guard let part = RoutePattern.parameters(in: pattern).first(where: { $0.name == arg.arg }),
                  RoutePattern.isText(part, nonTextConverters: FrameworkCatalog.model(framework).nonTextConverters) else { return nil }
        }
        return RequestOrigin(framework: framework, field: "parameter", expr: expr, isStructured: false)
    }

    /// `request.query.name`: a key read as an attribute of a request mapping
    /// (`FrameworkModel.attributeMappings`); the access names the value.
    package static func mappingAttributeSource(_ expr: ExprID, _ context: FlowContext) -> RequestOrigin? {
        guard case .attribute(let base, let attr, _) = context.tree[expr].kind, !attr.hasPrefix("_"),
              let (framework, field) = mappingField(base, context), !FrameworkCatalog.model(framework).mappingReaders.contains(attr) else { return nil }
        return RequestOrigin(framework: framework, field: field.label, expr: expr, isStructured: field.isStructured)
    }

    /// `request.query.getunicode("name")`: a reader method of a request mapping
    /// (`FrameworkModel.mappingReaders`), so the value is named by its key.
    package static func mappingReaderSource(_ expr: ExprID, _ context: FlowContext) -> RequestOrigin? {
        guard let call = context.call(expr), case .attribute(let base, let method, _) = context.tree[call.function].kind,
              let (framework, field) = mappingField(base, context), FrameworkCatalog.model(framework).mappingReaders.contains(method) else { return nil }
        return RequestOrigin(framework: framework, field: field.label, expr: expr, isStructured: field.isStructured)
    }

    /// `request.query` when its framework reads that field's keys as attributes.
    package static func mappingField(_ expr: ExprID, _ context: FlowContext) -> (RequestOrigin.Framework, RequestField)? {
        guard case .attribute(let request, let name, _) = context.tree[expr].kind, let framework = requestObject(request, context) else { return nil }
        let model = FrameworkCatalog.model(framework)
        guard model.attributeMappings.contains(name), let field = model.attributes[name] else { return nil }
        return (framework, field)
    }

    /// Is this method read made trusted by its arguments (Bottle's
    /// `request.get_cookie("sid", secret=KEY)` returns only cookies the server signed)?
    package static func isTrustedRead(_ field: RequestField, _ expr: ExprID, _ context: FlowContext) -> Bool {
        guard let keyword = field.trustedKeyword, let call = context.call(expr) else { return false }
        guard let value = call.argument(field.trustedPosition ?? Int.max, keyword) else { return false }
        // `secret=None` reads the cookie unsigned.
        if case .none? = context.constant(value) { return false }
        return true
    }

    /// The caller's `stop`, plus the values a framework already reduced, in modules that
    /// import a framework with such values.
    package static func withFrameworkReductions(_ stop: ((ExprID) -> Bool)?, _ context: FlowContext) -> ((ExprID) -> Bool)? {
        guard FrameworkCatalog.all.contains(where: { ($0.convertedURLPartReads || !$0.sanitizedAttributes.isEmpty) && importsModule($0.packages, context) }) else {
            return stop
        }
        return { expr in isReducedByFramework(expr, context) || (stop?(expr) ?? false) }
    }

    /// A value the framework has already reduced to a safe shape: an attribute listed in the
    /// field's `sanitizedAttributes` (Bottle's `upload.filename`), or a URL part the route
    /// converts (`request.matchdict["id"]` under `{id:\d+}`, `params["id"]` under `{id:int}`).
    package static func isReducedByFramework(_ expr: ExprID, _ context: FlowContext) -> Bool {
        let tree = context.tree
        switch tree[expr].kind {
        case .attribute(let value, let attr, _):
            guard FrameworkCatalog.all.contains(where: { $0.sanitizedAttributes.values.contains { $0.contains(attr) } }) else { return false }
            // A plain walk (no reductions) of what the attribute is read from.
            var walker = Walker(context: context, mode: .value, stop: nil)
            guard let origin = walker.origin(value, depth: 0) else { return false }
            return FrameworkCatalog.model(origin.framework).sanitizedAttributes[origin.field]?.contains(attr) ?? false
        case .subscript(let base, let key, _):
            return isConvertedURLPart(base, key, context)
        case .call:
            guard let call = context.call(expr), case .attribute(let base, "get", _) = tree[call.function].kind, let key = call.args.first else { return false }
            return isConvertedURLPart(base, key, context)
        default:
            return false
        }
    }

    /// `base[key]` where `base` holds the URL parts (a `.path` field such as Pyramid's
    /// `matchdict`, or a responder's `**params`) and the route converts `key` to a non-text value.
    package static func isConvertedURLPart(_ base: ExprID, _ key: ExprID, _ context: FlowContext) -> Bool {
        guard let name = context.string(key) else { return false }
        let framework: RequestOrigin.Framework
        switch context.tree[base].kind {
        case .attribute(let request, let field, _):
            guard let found = requestObject(request, context), FrameworkCatalog.model(found).attributes[field]?.input == .path else { return false }
            framework = found
        case .name:
            guard let origin = urlPartParameter(base, context), origin.field == "parameter" else { return false }
            framework = origin.framework
        default:
            return false
        }
        let model = FrameworkCatalog.model(framework)
        guard model.convertedURLPartReads, let route = context.route(containing: base),
              let part = RoutePattern.parameters(in: route.path).first(where: { $0.name == name }) else { return false }
        return !RoutePattern.isText(part, nonTextConverters: model.nonTextConverters)
    }

    package static func functionDef(_ stmt: StmtID, _ tree: SyntaxTree) -> FunctionDef? {
        switch tree[stmt].kind {
        case .functionDef(let def), .asyncFunctionDef(let def): return def
        default: return nil
        }
    }
}

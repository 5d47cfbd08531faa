import PythonSemantics
import PythonSyntax

/// Where a value read from an HTTP request came from: the framework, the request field, and
/// the expression that read it (`request.args.get("next", "/")`). Produced by
/// `Taint.isRequestDerived` and used by rules to name the source in their messages.
package struct RequestOrigin: Sendable, Hashable {
    /// The frameworks and their request models live in the Dataflow module's catalog.
    package typealias Framework = Dataflow.Framework

    package let framework: Framework
    /// The request field: `args`, `form`, `json`, `files`, `GET`, `FILES`, `query_params`, or
    /// `parameter` for a FastAPI/Flask route parameter.
    package let field: String
    /// The expression that reads the value (the most specific access seen: the `.get(...)` or
    /// subscript on the field when there is one).
    package let expr: ExprID
    /// True when the value may be a parsed JSON document (a dict or list an attacker shapes),
    /// not just text: `request.json`, `request.get_json()`, `await request.json()`,
    /// `json.loads(request.body)`, a FastAPI `dict`/`Body()` parameter.
    package let isStructured: Bool
    /// Set when the value entered this function through a parameter that a call elsewhere in
    /// the project fills with request data (`expr` is then the parameter's use here).
    package var remote: RemoteOrigin? = nil
    /// The expressions the value went through in this function, from the one the rule asked
    /// about down to the source (see `Taint.Walker`); the finding's path steps.
    package var trail: [ExprID] = []
    /// For a FastAPI handler parameter with a marker (`Header()`, `Cookie()`, `Form()`, ...),
    /// the part of the request FastAPI fills it from.
    package var parameterInput: InputKind? = nil
    /// The sink kinds every path from the source to here sanitized the value for
    /// (`html.escape(x)`: `.html`); empty when some path carries it raw. Only kind-agnostic
    /// questions (the cross-function facts) see a non-empty set: a rule asks for its own kind.
    package var cleared: Set<SinkKind> = []
    /// Set when the flow was assumed through a library call Taintline has no model of
    /// (`textwrap.dedent(x)`): the call as written. Such findings are at low confidence.
    package var unmodelledCall: String? = nil
    /// For a FastAPI parameter declared with `alias=` (`Query("/", alias="next")`), the name
    /// the request uses.
    package var parameterAlias: String? = nil

    /// The request field, and for data passed in from a caller, where it was read.
    package var fieldDescription: String {
        guard let remote else { return field }
        return "\(field), passed in by `\(remote.caller)` at \(remote.path):\(remote.line)"
    }

    /// "Flask request args", as messages name the source (with the caller, for data passed in).
    package var requestField: String { "\(framework.rawValue) request \(fieldDescription)" }

    /// Uploaded files: `request.files` (Flask, Quart) or `request.FILES` (Django).
    package var isUpload: Bool { FrameworkCatalog.field(framework, field)?.input == .file }

    /// The source expression as written, shortened for messages.
    package func text(_ context: FlowContext) -> String { remote?.sourceText ?? context.text(expr, limit: 50) }
}

/// The dataflow engine's taint walk, shared by every request-data rule: which expressions read
/// data from the HTTP request (the framework catalog's sources), and which expressions carry
/// such data to a sink (through local assignments, containers, string building, string methods,
/// subscripts, unpacking, library summaries and project functions' summaries), ending at a
/// sanitizer of the sink's kind or at a guard. Demand-driven: it starts at a sink's argument and
/// walks back, so only the values a rule asks about are followed.
///
/// Sources:
/// - Flask/Quart `flask.request` / `quart.request`: `args`, `form`, `values`, `json`, `data`,
///   `cookies`, `headers`, `files`, `view_args`, `path`, `full_path`, `url`, `query_string`,
///   `get_json()`, `get_data()`; the parameters of a route function (`@app.route("/<name>")`)
///   except `int`/`float` converters.
/// - Django: the `request` parameter of a function (first parameter; second after `self` in a
///   method) in a module that imports Django: `GET`, `POST`, `COOKIES`, `META`, `body`,
///   `FILES`, `headers`, `data`, `query_params` (DRF); `self.request` of a class-based view;
///   the URL parts a view receives (`DjangoViewSources.swift`).
/// - Starlette/FastAPI: a parameter annotated `Request` (or Starlette's unannotated `request`):
///   `query_params`, `path_params`, `cookies`, `headers`, `url`,
///   `await request.json()/form()/body()`; and the plain
///   parameters of a FastAPI route handler (`@app.get(...)`, `@router.post(...)`), not
///   `Depends(...)`/`Security(...)` ones nor `Request`/`Response`/`BackgroundTasks`.
///
/// Propagation stops at calls it does not know (so `secure_filename(x)`, `escape(x)`,
/// `url_for(...)`, `int(x)` are sanitizers for free) and wherever the caller's `stop`
/// predicate says so. Across functions it relies on `TaintFacts`: a parameter of a project
/// function is a source when some call in the project passes it request data (see
/// `ProjectTaint`); other parameters are not.
package enum Taint {
    /// How a value is followed.
    package enum Mode {
        /// Any text derived from the request (string building and string methods propagate).
        case value
        /// Only values that may still be a parsed JSON document: names, subscripts, `.get`,
        /// `await`; string building, `str()` and `int()` stop it.
        case structured
    }

    /// The request origin of `expr` when its value may come from the HTTP request, following
    /// local assignments within the function; nil when it does not (or was sanitized: `stop`
    /// returning true for a node ends the search through that node).
    ///
    /// `kind` is the sink's: a sanitizer for that kind (`Sanitizers`) ends the flow, one for
    /// another kind does not (`html.escape(x)` still reaches a shell). Without a kind (the
    /// cross-function facts, which serve every sink), a raw path wins; failing one, a path
    /// through sanitizers is returned with the kinds it was cleared for (`RequestOrigin.cleared`).
    package static func isRequestDerived(_ expr: ExprID, _ context: FlowContext, mode: Mode = .value, kind: SinkKind? = nil,
                                 stop: ((ExprID) -> Bool)? = nil) -> RequestOrigin? {
        // Values a framework already reduced (Bottle's `upload.filename`, a converted URL part) end the flow too.
        let reduced = withFrameworkReductions(stop, context)
        var walker = Walker(context: context, mode: mode, stop: reduced)
        walker.kind = kind
        if var found = walker.origin(expr, depth: 0) {
            found.trail = walker.foundTrail ?? []
            return found
        }
        if kind == nil, walker.sawSanitizer {
            var sanitized = Walker(context: context, mode: mode, stop: reduced)
            sanitized.throughSanitizers = true
            if var found = sanitized.origin(expr, depth: 0) {
                found.trail = sanitized.foundTrail ?? []
                return found
            }
        }
        // No modelled path: a rule's question goes on through library calls with no model,
        // which are assumed to pass their arguments on (the finding says so, at low confidence).
        guard kind != nil, walker.sawUnmodelledCall else { return nil }
        var assumed = Walker(context: context, mode: mode, stop: reduced)
        assumed.kind = kind
        assumed.throughUnmodelledCalls = true
        guard var found = assumed.origin(expr, depth: 0) else { return nil }
        found.trail = assumed.foundTrail ?? []
        return found
    }

    /// Can the expressions of a path all run when the function's parameters hold what the calls
    /// pass (`constants`: a constant, or `nil` for "not passed: the default")? False when one of
    /// them is in the branch of an `if` whose test those values decide against.
    package static func isFeasible(_ path: [ExprID], in function: ScopeID, under constants: [String: ConstantValue?], _ context: FlowContext) -> Bool {
        guard case .statement(let stmt) = context.model[function].node else { return true }
        let def: FunctionDef
        switch context.tree[stmt].kind {
        case .functionDef(let d), .asyncFunctionDef(let d): def = d
        default: return true
        }
        var values: [String: ConstantValue] = [:]
        let defaults = Dictionary(context.tree.parametersWithDefaults(of: def.args).map { ($0.arg.arg, $0.value) }, uniquingKeysWith: { first, _ in first })
        for (name, passed) in constants {
            if let passed { values[name] = passed } else if let value = defaults[name].flatMap({ context.model.constantValue(of: $0) }) { values[name] = value }
        }
        guard !values.isEmpty else { return true }
        let starts = path.map { context.tree[$0].range.start }
        var stack = def.body
        var steps = 0
        while let next = stack.popLast(), steps < 4096 {
            steps += 1
            switch context.tree[next].kind {
            case .functionDef, .asyncFunctionDef, .classDef: continue
            case .if(let test, let body, let orelse):
                if let truth = decided(test, function, values, context) {
                    let ruledOut = truth ? orelse : body
                    if let first = ruledOut.first, let last = ruledOut.last {
                        let range = context.tree[first].range.start...context.tree[last].range.end
                        if starts.contains(where: { range.contains($0) }) { return false }
                    }
                }
            default: break
            }
            for block in context.tree.childBodies(of: next) { stack.append(contentsOf: block) }
        }
        return true
    }

    /// The truth of a test on the function's own parameters given their values; nil when the
    /// test reads anything else.
    package static func decided(_ test: ExprID, _ function: ScopeID, _ values: [String: ConstantValue], _ context: FlowContext) -> Bool? {
        var env: [BindingID: ConstantValue] = [:]
        var stack = [test]
        var steps = 0
        while let next = stack.popLast(), steps < 256 {
            steps += 1
            if case .name = context.tree[next].kind {
                for def in context.model.reachingBindings(of: next) {
                    guard case .parameter(_, let owner) = context.model[def].kind, owner == function, let value = values[context.model[def].name] else { return nil }
                    env[def] = value
                }
            }
            stack.append(contentsOf: context.tree.childExprs(of: next))
        }
        guard !env.isEmpty else { return nil }
        return context.model.constantValue(of: test, parameters: env)?.isTruthy
    }

    /// A call of a library function nothing in the catalog models (not the project's own code,
    /// not a builtin, not one of `Summaries.opaqueLibraries`): `textwrap.dedent`, `markdown.markdown`.
    package static func isUnmodelledLibraryFunction(_ name: String, _ context: FlowContext) -> Bool {
        let parts = name.split(separator: ".")
        guard parts.count >= 2, let root = parts.first.map(String.init), root != "builtins", context.importedRoots.contains(root),
              !Summaries.opaqueLibraries.contains(root), !Summaries.opaqueModules.contains(where: { name.hasPrefix($0 + ".") }),
              // Encoders are modelled: their output carries no attack.
              !Summaries.encoders.contains(name) else { return false }
        // The project's own modules are known code: what they return is in their summaries.
        let canonical = context.project.canonicalName(name).split(separator: ".")
        for end in 1...canonical.count where context.project.modules[canonical.prefix(end).joined(separator: ".")] != nil { return false }
        return context.project.resolveFunction(name) == nil && context.project.classes[context.project.canonicalName(name)] == nil
    }

    /// The origin when `expr` itself reads a request field (`request.args`, `request.get_json()`,
    /// `environ["QUERY_STRING"]`, a route parameter): no propagation. Which fields a
    /// framework's requests have is data: `FrameworkCatalog` (Dataflow/Frameworks).
    package static func directSource(_ expr: ExprID, _ context: FlowContext) -> RequestOrigin? {
        let tree = context.tree
        // A handler reading the request itself (Tornado's `self.get_argument("q")`).
        if let source = handlerSource(expr, context) { return source }
        switch tree[expr].kind {
        case .attribute(let base, let attr, _):
            if let urlParts = viewURLArguments(expr, base, attr, context) { return urlParts }
            if let bound = formDataSource(expr, base, attr, context) { return bound }
            guard let framework = requestObject(base, context), let field = FrameworkCatalog.model(framework).attributes[attr] else {
                return mappingAttributeSource(expr, context)
            }
            if field.isRoutePath, context.routesHaveNoParameters(around: expr) { return nil }
            return RequestOrigin(framework: framework, field: field.label, expr: expr, isStructured: field.isStructured)
        case .call(let function, let args, _):
            if let read = wsgiReader(expr, context) { return read }
            // (`data = request.get_data`, then `data()`: the bound method the local holds.)
            let callee = context.call(expr)?.function ?? function
            guard case .attribute(let base, let attr, _) = tree[callee].kind else { return nil }
            guard let framework = requestObject(base, context) else { return mappingReaderSource(expr, context) }
            let model = FrameworkCatalog.model(framework)
            if let field = model.methods[attr] {
                if isTrustedRead(field, expr, context) { return nil }
                return RequestOrigin(framework: framework, field: field.label, expr: expr, isStructured: field.isStructured)
            }
            // `environ.get("QUERY_STRING", "")`
            if !model.keys.isEmpty, attr == "get", let key = args.first { return keyed(framework, key, at: expr, context) }
            return nil
        case .subscript(let base, let slice, _):
            guard let framework = requestObject(base, context), !FrameworkCatalog.model(framework).keys.isEmpty else { return nil }
            return keyed(framework, slice, at: expr, context)
        case .name:
            return parameterSource(expr, context) ?? urlPartParameter(expr, context)
        default:
            return nil
        }
    }

    /// A request mapping read by key (WSGI's `environ`): a known request key, or any key the
    /// code does not spell out; server-set keys (`REMOTE_ADDR`, `wsgi.url_scheme`) are not sources.
    package static func keyed(_ framework: RequestOrigin.Framework, _ key: ExprID, at expr: ExprID, _ context: FlowContext) -> RequestOrigin? {
        guard let name = context.string(key) else { return RequestOrigin(framework: framework, field: "environ", expr: expr, isStructured: false) }
        guard let field = FrameworkCatalog.model(framework).key(name) else { return nil }
        return RequestOrigin(framework: framework, field: field.label, expr: expr, isStructured: field.isStructured)
    }

    /// Which framework's request object `expr` is: a module-level request (`flask.request`),
    /// a parameter annotated with a request class, Django's `request` parameter, `self` in a
    /// `BaseHTTPRequestHandler` subclass, or `environ` in a WSGI application.
    package static func requestObject(_ expr: ExprID, _ context: FlowContext, depth: Int = 0) -> RequestOrigin.Framework? {
        if let name = context.qualifiedName(expr) {
            return FrameworkCatalog.requestGlobals[name]
        }
        // `self.request`, stored by a method of the class (`self.request = request`), held by a
        // handler object (a Tornado `RequestHandler`, an aiohttp `web.View`), or stored by a
        // class-based view's `setup()`.
        if case .attribute(let base, let attr, _) = context.tree[expr].kind {
            if let framework = handlerRequest(base, attr, context) { return framework }
            if let framework = viewRequest(base, attr, context) { return framework }
            guard depth < 4, let stored = selfAttribute(base, attr, context) else { return nil }
            for value in stored { if let framework = requestObject(value, context, depth: depth + 1) { return framework } }
            return nil
        }
        guard case .name = context.tree[expr].kind else { return nil }
        let defs = context.model.reachingBindings(of: expr)
        if depth < 4, defs.count == 1, case .assignment(let value?) = context.model[defs[0]].kind,
           case .name = context.tree[value].kind { return requestObject(value, context, depth: depth + 1) }
        guard defs.count == 1 else { return nil }
        if context.model.isMethodReceiver(defs[0]), let framework = handlerFramework(defs[0], context),
           FrameworkCatalog.model(framework).handlerRequestAttribute == nil { return framework }
        // A parameter that every known caller fills with a request object.
        if case .parameter(_, let owner) = context.model[defs[0]].kind,
           let framework = context.taintFacts.requestObjects[context.model[owner].qualifiedName]?[context.model[defs[0]].name] {
            return framework
        }
        guard let (arg, index, function) = parameter(defs[0], context) else { return nil }
        if let annotation = arg.annotation, let type = context.qualifiedName(annotation) {
            if let framework = FrameworkCatalog.requestClasses[type] { return framework }
        }
        if isWSGIEnviron(arg, index, function, context) { return .wsgi }
        if let framework = routeRequestParameter(index, function, context) { return framework }
        if let framework = responderRequest(index, function, context) { return framework }
        guard arg.arg == "request" else { return nil }
        // A Flask/Quart route function that takes the request as a parameter (shadowing or
        // instead of the `request` global): the parameter is that framework's request.
        if case .statement(let stmt) = context.model[function].node, case .flask(let framework, _)? = RouteKind.of(stmt, context) {
            return framework
        }
        for model in FrameworkCatalog.all where model.requestParameter == arg.arg && importsModule(model.packages, context) {
            let owner = context.model[function]
            let isMethod = owner.parent.map { context.model[$0].kind == .class } ?? false
            if index == (isMethod ? 1 : 0) || followsRequestPrecursor(model, index, function, context) { return model.framework }
        }
        // No framework imported here, but the function reads `request.GET` and its peers.
        if context.djangoShapedFunctions.contains(function) { return .django }
        return nil
    }

    /// The values a class's methods store in `<receiver>.<attr>`, when `receiver` is `self` of
    /// a method (nil otherwise, or when no method stores that attribute).
    package static func selfAttribute(_ receiver: ExprID, _ attr: String, _ context: FlowContext) -> [ExprID]? {
        guard case .name = context.tree[receiver].kind else { return nil }
        let defs = context.model.reachingBindings(of: receiver)
        guard defs.count == 1, context.model.isMethodReceiver(defs[0]), case .parameter(_, let function) = context.model[defs[0]].kind,
              let classScope = context.model[function].parent else { return nil }
        return context.flow.attributeAssignments[context.model[classScope].qualifiedName]?[attr]
    }

    /// The framework of a method's `self` when its class derives (here or through classes of
    /// the same module) from a request-handler base such as `http.server.BaseHTTPRequestHandler`.
    package static func handlerFramework(_ receiver: BindingID, _ context: FlowContext) -> RequestOrigin.Framework? {
        guard case .parameter(_, let function) = context.model[receiver].kind, let classScope = context.model[function].parent else { return nil }
        if let known = context.handlerFrameworks.withLock({ $0[classScope] }) { return known }
        let found = classHandlerFramework(classScope, context)
        context.handlerFrameworks.withLock { $0[classScope] = .some(found) }
        return found
    }

    package static func classHandlerFramework(_ classScope: ScopeID, _ context: FlowContext) -> RequestOrigin.Framework? {
        guard case .statement(var stmt) = context.model[classScope].node else { return nil }
        var seen: Set<StmtID> = []
        while seen.insert(stmt).inserted, case .classDef(let def) = context.tree[stmt].kind {
            var local: StmtID?
            for base in def.bases {
                if let name = context.qualifiedName(base), let framework = projectHandlerBase(name, context.project) { return framework }
                // A base class defined in this module: look at its bases in turn.
                if case .name = context.tree[base].kind, let binding = context.model.reachingBindings(of: base).first,
                   case .class(let defined) = context.model[binding].kind { local = defined }
            }
            guard let next = local else { return nil }
            stmt = next
        }
        return nil
    }

    /// A WSGI application (PEP 3333): a function taking `start_response`.
    package static func isWSGIApplication(_ function: StmtID, _ tree: SyntaxTree) -> Bool {
        switch tree[function].kind {
        case .functionDef(let def), .asyncFunctionDef(let def):
            return tree.parameters(of: def.args).contains { $0.arg == "start_response" }
        default:
            return false
        }
    }

    /// `environ` in `def app(environ, start_response)` (or `__call__(self, environ, start_response)`):
    /// PEP 3333's names for a WSGI application's parameters.
    package static func isWSGIEnviron(_ arg: Arg, _ index: Int, _ function: ScopeID, _ context: FlowContext) -> Bool {
        guard arg.arg == "environ" || arg.arg == "env", case .statement(let stmt) = context.model[function].node else { return false }
        let def: FunctionDef
        switch context.tree[stmt].kind {
        case .functionDef(let d), .asyncFunctionDef(let d): def = d
        default: return false
        }
        let params = context.tree.parameters(of: def.args)
        return index + 1 < params.count && params[index + 1].arg == "start_response"
    }

    /// The parameter a binding is, with its index and the function's scope.
    package static func parameter(_ binding: BindingID, _ context: FlowContext) -> (Arg, Int, ScopeID)? {
        guard case .parameter(let index, let owner) = context.model[binding].kind,
              case .statement(let stmt) = context.model[owner].node else { return nil }
        let def: FunctionDef
        switch context.tree[stmt].kind {
        case .functionDef(let d), .asyncFunctionDef(let d): def = d
        default: return nil
        }
        let params = context.tree.parameters(of: def.args)
        guard index >= 0, index < params.count else { return nil }
        return (params[index], index, owner)
    }

    /// Does the module import any of these top-level packages?
    package static func importsModule(_ roots: [String], _ context: FlowContext) -> Bool {
        roots.contains { context.importedRoots.contains($0) }
    }

    /// The same question asked of a model alone (before any rule context is built).
    package static func importsModule(_ roots: [String], _ model: SemanticModel) -> Bool {
        model.bindings.contains { binding in
            guard case .imported(let name) = binding.kind else { return false }
            let root = name.split(separator: ".").first.map(String.init) ?? name
            return roots.contains(root)
        }
    }

    /// A route parameter: FastAPI handler (and dependency) parameters, Flask/Quart
    /// route function parameters (URL parts) other than `int`/`float` converters, and the URL
    /// parts Django's URL configuration passes a view (`DjangoViewSources.swift`).
    package static func parameterSource(_ expr: ExprID, _ context: FlowContext) -> RequestOrigin? {
        let defs = context.model.reachingBindings(of: expr)
        guard defs.count == 1, let (arg, _, owner) = parameter(defs[0], context),
              case .statement(let stmt) = context.model[owner].node else { return nil }
        let routed = RouteKind.of(stmt, context)
        if let source = urlParameterSource(expr, defs[0], route: routed, context) { return source }
        guard let route = routed ?? dependencyRoute(owner, context) else {
            return djangoURLParameter(arg, of: owner, at: expr, context)
        }
        let tree = context.tree
        switch route {
        case .requestFirst:
            return nil
        case .flask(let framework, let pattern):
            // `<int:id>` and `<float:x>` are converted before the view runs.
            if let pattern, pattern.contains("<int:\(arg.arg)>") || pattern.contains("<float:\(arg.arg)>") { return nil }
            if let pattern, !pattern.contains(arg.arg) { return nil }
            return RequestOrigin(framework: framework, field: "view_args", expr: expr, isStructured: false)
        case .fastapi:
            // `commons: dict = Depends(common_parameters)`: what the dependency returns, a fact
            // about the parameter (`FastAPIDependencies`), not a source here.
            if declaresDependency(arg, of: stmt, context) { return nil }
            if let annotation = arg.annotation, !isPlainDataAnnotation(annotation, context) { return nil }
            // Converted and validated by FastAPI before the handler runs.
            if let annotation = arg.annotation, isNonTextAnnotation(annotation, context) { return nil }
            var structured = false
            var input: InputKind?
            var alias: String?
            for marker in fastAPIMarkers(arg, of: stmt, context) {
                guard let call = context.call(marker), let name = call.name ?? tree.dottedName(call.function) else { continue }
                let short = name.split(separator: ".").last.map(String.init) ?? name
                if FastAPI.dependencyMarkers.contains(short) { return nil }
                if let kind = FastAPI.parameterMarkers[short] { input = kind }
                if short == "Body" { structured = true }
                if FastAPI.parameterMarkers[short] != nil, let name = call.keyword("alias").flatMap({ context.string($0) }) { alias = name }
            }
            if let annotation = arg.annotation, let type = annotationName(annotation, context) {
                let short = type.split(separator: ".").last.map(String.init) ?? type
                if ["dict", "Dict", "Any", "list", "List"].contains(short) { structured = true }
                if short == "UploadFile" { input = .file }
                // A Pydantic model is read from the JSON body.
                if input == nil, isBodyModel(type, context) { input = .json }
            }
            var origin = RequestOrigin(framework: .fastapi, field: "parameter", expr: expr, isStructured: structured)
            origin.parameterInput = input
            origin.parameterAlias = alias
            return origin
        }
    }

    /// Annotations of framework objects that FastAPI injects (not request data), and
    /// `Annotated[..., Depends(...)]`.
    package static func isPlainDataAnnotation(_ annotation: ExprID, _ context: FlowContext) -> Bool {
        let injected = FastAPI.injectedTypes
        if case .subscript(let base, let slice, _) = context.tree[annotation].kind, context.tree.dottedName(base)?.hasSuffix("Annotated") == true {
            if case .tuple(let elts, _) = context.tree[slice].kind {
                for meta in elts.dropFirst() {
                    if let call = context.call(meta), let name = call.name ?? context.tree.dottedName(call.function),
                       name.hasSuffix("Depends") || name.hasSuffix("Security") { return false }
                }
                if let first = elts.first { return isPlainDataAnnotation(first, context) }
            }
            return true
        }
        if let name = annotationName(annotation, context), let short = name.split(separator: ".").last, injected.contains(String(short)) { return false }
        return true
    }

    package static func annotationName(_ annotation: ExprID, _ context: FlowContext) -> String? {
        var expr = annotation
        if case .subscript(let base, _, _) = context.tree[annotation].kind { expr = base }
        return context.qualifiedName(expr) ?? context.tree.dottedName(expr)
    }

    /// The kind of route a function is, from its decorators and the catalog's route owners.
    package enum RouteKind {
        case flask(RequestOrigin.Framework, pattern: String?)
        case fastapi
        /// aiohttp and Sanic: the first parameter is the request (`FrameworkModel.requestIsFirstParameter`).
        case requestFirst(RequestOrigin.Framework, pattern: String?)

        package static func of(_ stmt: StmtID, _ context: FlowContext) -> RouteKind? {
            for decorator in context.model.decorators(of: stmt) {
                guard let attribute = decorator.attribute,
                      let framework = decorator.receiverClass.flatMap({ FrameworkCatalog.routeOwners[$0] }) ?? unresolvedOwner(decorator, context),
                      FrameworkCatalog.model(framework).routeVerbs.contains(attribute) else { continue }
                let pattern = decorator.call.flatMap { context.call($0)?.argument(0, "rule") }.flatMap { context.string($0) }
                switch framework {
                case .flask, .quart: return .flask(framework, pattern: pattern)
                case .fastapi: return .fastapi
                case _ where FrameworkCatalog.model(framework).requestIsFirstParameter:
                    return .requestFirst(framework, pattern: decorator.call.flatMap { context.call($0) }.flatMap { decoratorPath($0, context) })
                default: continue
                }
            }
            return nil
        }
    }

    /// The framework of a route decorator whose receiver is not built in this module: the app
    /// or blueprint passed in (`def init(app): @app.route("/x")`, an application factory's
    /// helper) or imported. Its annotation decides when it has one; else a constant path
    /// starting with `/` and the module's framework import (FastAPI before Quart before Flask
    /// before Sanic).
    package static func unresolvedOwner(_ decorator: SemanticModel.Decorator, _ context: FlowContext) -> RequestOrigin.Framework? {
        guard let call = decorator.call, case .call(let function, _, _) = context.tree[call].kind,
              case .attribute(let receiver, _, _) = context.tree[function].kind else { return nil }
        if case .name = context.tree[receiver].kind, let binding = context.model.reachingBindings(of: receiver).first,
           let (arg, _, _) = parameter(binding, context), let annotation = arg.annotation {
            let type = annotationName(annotation, context) ?? ""
            return FrameworkCatalog.routeOwners[type]
        }
        guard let path = context.call(call).flatMap({ decoratorPath($0, context) }), path.hasPrefix("/") else { return nil }
        // (Not aiohttp: its package is also the HTTP client, so importing it says little, and its
        // route decorators are on a `RouteTableDef` built in the module.)
        for framework in [RequestOrigin.Framework.fastapi, .quart, .flask, .sanic] where importsModule(FrameworkCatalog.model(framework).packages, context) {
            return framework
        }
        return nil
    }

    /// Is the statement a Flask or Quart view function?
    package static func isFlaskView(_ stmt: StmtID, _ context: FlowContext) -> Bool {
        if case .flask? = RouteKind.of(stmt, context) { return true }
        return false
    }

    // MARK: Propagation

    // What library calls carry: the Dataflow module's summary tables.
    package static var carryingMethods: Set<String> { Summaries.carryingMethods }
    package static var structuredMethods: Set<String> { Summaries.structuredMethods }
    package static var carryingFunctions: Set<String> { Summaries.carryingFunctions }
    package static var parsingFunctions: Set<String> { Summaries.parsingFunctions }

    package struct Walker {
        package let context: FlowContext
        package let mode: Mode
        package let stop: ((ExprID) -> Bool)?
        package var visiting: Set<BindingID> = []
        /// Bindings already followed to the end: without this, code with many reaching
        /// definitions (loops, branches, `x = x + ...` chains) is explored exponentially.
        package var settled: [BindingID: RequestOrigin?] = [:]
        /// A bound on the work of one question, whatever the shape of the code.
        package var steps = 0
        /// How many decoders the value being followed is inside (so encoders carry there).
        package var decoding = 0
        /// The expressions being followed, outermost first, and a copy taken where the first
        /// origin was found: the path a finding shows.
        package var trail: [ExprID] = []
        package var foundTrail: [ExprID]? = nil
        /// Set when summarising a function (`ReturnSummaries`): its parameters are recorded in
        /// `reachedParameters` instead of being looked up in the callers' facts.
        package var summaryScope: ScopeID? = nil
        /// Parameter name → the sink kinds every path from the return to it was sanitized for.
        package var reachedParameters: [String: Set<SinkKind>] = [:]
        /// Set while the body of a lambda or nested function is followed in place of its call
        /// (`lambdaOrigin`, `nestedOrigin`): its parameters are recorded in `inlineReached`, to be
        /// filled with the call's arguments, while the closure's names resolve as they do here.
        package var inlineScope: ScopeID? = nil
        package var inlineReached: [String: Set<SinkKind>] = [:]
        /// The calls being followed in place, outermost first: a closure reads its free names
        /// when it runs, so a check made before the call (`check_access(base, name)`, then
        /// `return short()`) holds for them.
        package var inlineCalls: [ExprID] = []
        /// The sink the question is for (nil: every sink; see `isRequestDerived`).
        package var kind: SinkKind? = nil
        /// Kind-agnostic questions only: false on the first pass, where every sanitizer ends
        /// the flow (and `sawSanitizer` records that one did); true on the second, where the
        /// flow goes through them and `pathCleared` gathers the kinds they protect.
        package var throughSanitizers = false
        package var sawSanitizer = false
        /// Rule questions only: false at first, where a library call with no model ends the flow
        /// (and `sawUnmodelledCall` records that one did); true on the pass that goes through them.
        package var throughUnmodelledCalls = false
        package var sawUnmodelledCall = false
        package var pathCleared: Set<SinkKind> = []

        package var tree: SyntaxTree { context.tree }

        package mutating func origin(_ expr: ExprID, depth: Int) -> RequestOrigin? {
            steps += 1
            guard depth < 32, steps < 4096 else { return nil }
            if let stop, stop(expr) { return nil }
            trail.append(expr)
            defer { trail.removeLast() }
            // A route parameter (a source by itself) that a check restricted before this use.
            if case .name(let id, _) = tree[expr].kind {
                if context.flow.isGuarded(id, at: expr) { return nil }
                if context.flow.isGuarded(id, at: expr, family: .equality), Taint.equalsTrustedValue(expr, id, context) { return nil }
            }
            if var source = Taint.directSource(expr, context) {
                if mode == .structured && !source.isStructured { return nil }
                // `redirect(request.url)`: back to this very page, on this site's host.
                if kind == .redirect, source.expr == expr, FrameworkCatalog.ownURLFields[source.framework]?.contains(source.field) == true { return nil }
                if foundTrail == nil { foundTrail = trail }
                source.cleared = pathCleared
                return source
            }
            let found = follow(expr, depth: depth)
            if found != nil, foundTrail == nil { foundTrail = trail }
            return found
        }

        package mutating func follow(_ expr: ExprID, depth: Int) -> RequestOrigin? {
            switch tree[expr].kind {
            case .name:
                return nameOrigin(expr, depth: depth)
            case .attribute(let value, let attr, _):
                // `obj._meta.fields`, `Model.__table__.columns`: the schema the program declares,
                // whatever object it is read from.
                if Taint.schemaAttributes.contains(attr) { return nil }
                // `self.name`, stored by a method of the class: what was stored.
                if let stored = Taint.selfAttribute(value, attr, context) { return firstOrigin(stored, depth: depth) }
                if case .name(let id, _) = tree[value].kind, let scope = context.model.scope(of: expr) {
                    // `b.host = value` earlier in this function.
                    let stored = context.flow.stores.values(into: id + "." + attr, in: scope, before: expr, tree)
                    if !stored.isEmpty, let found = firstOrigin(stored, depth: depth) { return found }
                    // `j = Job(request.args["host"])`, then `j.target`: what the class stores there.
                    if let found = instanceAttribute(value, attr, depth: depth) { return found ?? nil }
                }
                // `f.filename` of an uploaded file, `data.name` of a parsed document.
                guard mode == .value else { return nil }
                return origin(value, depth: depth + 1)
            case .subscript(let value, let slice, _):
                // A read of a container built in this function: only what was stored there.
                if let stored = context.flow.elementSources[expr] { return firstOrigin(stored, depth: depth) }
                // A form field its form's `clean_<field>` checks.
                if Taint.isValidatedFormField(value, slice, context) { return nil }
                guard let inner = origin(value, depth: depth + 1) else { return nil }
                return refined(inner, receiver: value, access: expr, key: slice)
            case .await(let value), .namedExpr(_, let value), .starred(let value, _):
                return origin(value, depth: depth + 1)
            case .ifExp(let test, let body, let orelse):
                // `"safe" if (7 * 42) - num > 200 else param`: a settled test takes one branch.
                if let taken = ModuleFlow.settledCondition(test, context.model) { return origin(taken ? body : orelse, depth: depth + 1) }
                // `target if url_has_allowed_host_and_scheme(target, ...) else ""`: the checked branch
                // is safe as a URL (also when a helper returns it, through its summary).
                if URLGuards.testChecks(test, chosen: body, context) {
                    return sanitized(by: [.redirect, .url]) { $0.origin(body, depth: depth + 1) } ?? origin(orelse, depth: depth + 1)
                }
                return origin(body, depth: depth + 1) ?? origin(orelse, depth: depth + 1)
            case .boolOp(_, let values):
                for value in values { if let found = origin(value, depth: depth + 1) { return found } }
                return nil
            case .call:
                return callOrigin(expr, depth: depth)
            default:
                guard mode == .value else { return nil }
                return textOrigin(expr, depth: depth)
            }
        }

        /// Text that starts with a fixed scheme and host (`STORE + "/" + path`,
        /// `f"https://api.example.com/{p}"`): as a URL it goes to that host, whatever follows, so
        /// it is cleared for outgoing requests and redirects (which a helper returning it passes
        /// on through its summary).
        package func pinsHost(_ expr: ExprID) -> Bool {
            guard let prefix = context.constantPrefix(of: expr), let scheme = prefix.range(of: "://") else { return false }
            let rest = prefix[scheme.upperBound...]
            guard let slash = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) else { return false }
            return slash > rest.startIndex && !rest[..<slash].contains("@")
        }

        /// String building and containers (value mode only).
        package mutating func textOrigin(_ expr: ExprID, depth: Int) -> RequestOrigin? {
            switch tree[expr].kind {
            case .binOp(_, .add, _), .binOp(_, .mod, _), .joinedStr:
                guard pinsHost(expr) else { return builtTextOrigin(expr, depth: depth) }
                return sanitized(by: [.url, .redirect]) { $0.builtTextOrigin(expr, depth: depth) }
            default:
                return builtTextOrigin(expr, depth: depth)
            }
        }

        package mutating func builtTextOrigin(_ expr: ExprID, depth: Int) -> RequestOrigin? {
            switch tree[expr].kind {
            case .binOp(let left, let op, let right):
                // (`text * 3` repeats the text.)
                guard op == .add || op == .mod || op == .div || op == .mult else { return nil }
                return origin(left, depth: depth + 1) ?? origin(right, depth: depth + 1)
            case .joinedStr(let values):
                for value in values { if let found = origin(value, depth: depth + 1) { return found } }
                return nil
            case .formattedValue(let value, _, _):
                return origin(value, depth: depth + 1)
            case .list(let elts, _), .tuple(let elts, _), .set(let elts):
                for value in elts { if let found = origin(value, depth: depth + 1) { return found } }
                return nil
            case .dict(_, let values):
                for value in values { if let found = origin(value, depth: depth + 1) { return found } }
                return nil
            // `[c for c in request.args.getlist("c")]`: what each element is (its names are
            // bound by the comprehension's own loops, which say what they iterate).
            case .listComp(let element, _), .setComp(let element, _), .generatorExp(let element, _):
                return origin(element, depth: depth + 1)
            case .dictComp(let key, let value, _):
                return origin(value, depth: depth + 1) ?? origin(key, depth: depth + 1)
            default:
                return nil
            }
        }

        /// The summary of what a call of a project function returns, with the callee.
        package func returnSummary(of call: CallInfo) -> (ReturnSummary, FunctionSummary, Int)? {
            guard !context.taintFacts.returns.isEmpty, let (target, function, offset) = ProjectTaint.callee(call, context),
                  let summary = context.taintFacts.returns[target] else { return nil }
            return (summary, function, offset)
        }

        /// The origin of a call's result from the callee's summary: its own request data, or
        /// the arguments passed for the parameters it returns.
        package mutating func apply(_ summary: ReturnSummary, _ call: CallInfo, _ function: FunctionSummary, _ offset: Int, depth: Int) -> RequestOrigin? {
            if let remote = summary.origin, mode == .value || remote.isStructured {
                let found = sanitized(by: remote.cleared) { walker in
                    var found = RequestOrigin(framework: remote.framework, field: remote.field, expr: call.id, isStructured: remote.isStructured, remote: remote)
                    found.cleared = walker.pathCleared
                    return found
                }
                if let found { return found }
            }
            for parameter in summary.parameters {
                guard let index = function.parameters.firstIndex(of: parameter) else { continue }
                let argument = index - offset >= 0 ? call.argument(index - offset, parameter) : nil
                guard let argument else { continue }
                if let found = sanitized(by: summary.cleared[parameter] ?? [], { $0.origin(argument, depth: depth + 1) }) { return found }
            }
            return nil
        }

        /// The lambda a call runs: `(lambda x: x)(v)`, or a local bound once to one
        /// (`quote = lambda s: "'" + s + "'"`, then `quote(v)`).
        package func lambdaCallee(_ call: CallInfo) -> ExprID? {
            var callee = call.function
            if case .name = tree[callee].kind, let bound = context.model.assignedValue(of: callee) { callee = bound }
            guard case .lambda = tree[callee].kind else { return nil }
            return callee
        }

        /// `obj.attr` where `obj` is a local bound once to an instance of a class of this module
        /// (`j = Job(host)`): what the class's methods store in `self.attr`, with `__init__`'s
        /// parameters standing for the constructor's arguments. `.some(nil)` when the class
        /// stores only clean values there; nil when it stores nothing there (a property, a class
        /// attribute: the caller goes on as before).
        package mutating func instanceAttribute(_ object: ExprID, _ attr: String, depth: Int) -> RequestOrigin?? {
            let defs = context.model.reachingBindings(of: object)
            guard defs.count == 1, case .assignment(let value?) = context.model[defs[0]].kind, let call = context.call(value),
                  let name = call.name, let made = context.project.classes[context.project.canonicalName(name)],
                  let stored = context.flow.attributeAssignments[made.qualifiedName]?[attr], !stored.isEmpty else { return nil }
            let initializer = context.project.functions[made.qualifiedName + ".__init__"]
            for value in stored {
                // `self.target = target` in `__init__`: the argument the constructor was given.
                if case .name = tree[value].kind, let initializer,
                   let def = context.model.reachingBindings(of: value).first, case .parameter(let index, let owner) = context.model[def].kind,
                   context.model[owner].qualifiedName == made.qualifiedName + ".__init__" {
                    let parameter = context.model[def].name
                    guard index > 0, initializer.parameters.contains(parameter), let argument = call.argument(index - 1, parameter) else { continue }
                    if let found = origin(argument, depth: depth + 1) { return .some(found) }
                    continue
                }
                if let found = origin(value, depth: depth + 1) { return .some(found) }
            }
            return .some(nil)
        }

        /// What a lambda's call returns: its body, with the lambda's parameters standing for the
        /// call's arguments (request data the body reads itself, through its closure, too). The
        /// body is walked for the question's own sink, so `lambda s: escape(s)` stops an HTML flow.
        package mutating func lambdaOrigin(_ lambda: ExprID, _ call: CallInfo, depth: Int) -> RequestOrigin? {
            guard case .lambda(let args, let body) = tree[lambda].kind, let scope = context.model.scope(of: body) else { return nil }
            return inlined(scope, parameters: tree.parameters(of: args).map(\.arg), values: [body], call, depth: depth)
        }

        /// A function defined inside the function that calls it (`def short(): return
        /// os.path.normpath(full)`, then `return short()`): its returns, followed in place, so the
        /// names it reads from the enclosing function (`full`, and through it that function's
        /// parameters) resolve as they do at the call, not through a summary of every caller.
        package func nestedCallee(_ call: CallInfo) -> (ScopeID, FunctionDef)? {
            guard case .name = tree[call.function].kind, let scope = context.model.scope(of: call.id) else { return nil }
            let defs = context.model.reachingBindings(of: call.function)
            guard defs.count == 1, case .function(let stmt) = context.model[defs[0]].kind,
                  let outer = context.model.scope(of: stmt), context.model[outer].kind == .function,
                  context.model.enclosingDefinitionScope(scope) == outer || scope == outer,
                  let def = Taint.functionDef(stmt, tree), let own = context.model.scope(openedBy: stmt)
            else { return nil }
            return (own, def)
        }

        package mutating func nestedOrigin(_ nested: (ScopeID, FunctionDef), _ call: CallInfo, depth: Int) -> RequestOrigin? {
            let (scope, def) = nested
            let values = ReturnSummaries.returnValues(def.body, context)
            return inlined(scope, parameters: tree.parameters(of: def.args).map(\.arg), values: values, call, depth: depth)
        }

        /// Follows `values` (a lambda's body, a nested function's returns) with the parameters of
        /// `scope` standing for the call's arguments.
        package mutating func inlined(_ scope: ScopeID, parameters: [String], values: [ExprID], _ call: CallInfo, depth: Int) -> RequestOrigin? {
            guard depth < 24 else { return nil }
            let outerScope = inlineScope, outerReached = inlineReached
            inlineScope = scope
            inlineReached = [:]
            inlineCalls.append(call.id)
            var own: RequestOrigin? = nil
            for value in values where own == nil { own = origin(value, depth: depth + 1) }
            let reached = inlineReached
            inlineCalls.removeLast()
            inlineScope = outerScope
            inlineReached = outerReached
            if let own { return own }
            for (index, parameter) in parameters.enumerated() {
                guard let kinds = reached[parameter], let argument = call.argument(index, parameter) else { continue }
                if let found = sanitized(by: kinds, { $0.origin(argument, depth: depth + 1) }) { return found }
            }
            return nil
        }

        /// For `for k, v in d.items()` over a dict literal (or a name bound once to one): the
        /// keys for `k`, the values for `v`; nil for any other loop.
        package func itemsPart(_ binding: Binding, _ iterable: ExprID) -> [ExprID]? {
            guard let target = binding.target, let stmt = binding.statement, case .call(let function, let args, _) = tree[iterable].kind,
                  args.isEmpty, case .attribute(let receiver, "items", _) = tree[function].kind else { return nil }
            let loopTarget: ExprID
            switch tree[stmt].kind {
            case .for(let t, _, _, _, _), .asyncFor(let t, _, _, _, _): loopTarget = t
            default: return nil
            }
            guard case .tuple(let elts, _) = tree[loopTarget].kind, elts.count == 2, let position = elts.firstIndex(of: target) else { return nil }
            var literal = receiver
            if case .name = tree[receiver].kind {
                let defs = context.model.reachingBindings(of: receiver)
                // A parameter every caller fills with a dict literal of constant keys.
                if defs.count == 1, case .parameter(_, let owner) = context.model[defs[0]].kind,
                   context.taintFacts.origin(function: context.model[owner].qualifiedName, parameter: context.model[defs[0]].name)?.constantKeys == true {
                    return position == 0 ? [] : nil
                }
                guard defs.count == 1, case .assignment(let value?) = context.model[defs[0]].kind else { return nil }
                // (Changed since it was built, the literal no longer says what it holds.)
                guard context.flow.containerContents[receiver] == nil || context.flow.containerContents[receiver].map({ Set($0) }) == dictValues(value).map(Set.init) else { return nil }
                literal = value
            }
            guard case .dict(let keys, let values) = tree[literal].kind, keys.allSatisfy({ $0 != nil }) else { return nil }
            return position == 0 ? keys.compactMap { $0 } : values
        }

        package func dictValues(_ expr: ExprID) -> [ExprID]? {
            if case .dict(_, let values) = tree[expr].kind { return values }
            return nil
        }

        /// `ok, message, data = f()` where `f` returns tuples: the part at the name's position.
        /// Nil when that is not known (the whole value is followed then).
        package mutating func unpackedOrigin(_ binding: Binding, targets: [ExprID], value: ExprID, depth: Int) -> RequestOrigin?? {
            guard let target = binding.target, targets.count == 1, case .tuple(let elts, _) = tree[targets[0]].kind,
                  let position = elts.firstIndex(of: target), let call = context.call(value),
                  let (summary, function, offset) = returnSummary(of: call), let elements = summary.elements,
                  elements.count == elts.count else { return nil }
            return .some(apply(elements[position], call, function, offset, depth: depth))
        }

        /// The first origin among values that may be stored in one place.
        package mutating func firstOrigin(_ values: [ExprID], depth: Int) -> RequestOrigin? {
            for value in values { if let found = origin(value, depth: depth + 1) { return found } }
            return nil
        }

        package mutating func nameOrigin(_ expr: ExprID, depth: Int) -> RequestOrigin? {
            // `if not name.isalnum(): abort(400)` before this use: a safe shape for any sink.
            if case .name(let id, _) = tree[expr].kind, context.flow.isGuarded(id, at: expr) { return nil }
            if case .name(let id, _) = tree[expr].kind, let scope = inlineScope, !inlineCalls.isEmpty,
               context.model.bindings(named: id, in: scope).isEmpty,
               inlineCalls.contains(where: { context.flow.isGuarded(id, at: $0) }) { return nil }
            // A container built in this function: whatever it holds at this point.
            if let stored = context.flow.containerContents[expr] { return firstOrigin(stored, depth: depth) }
            for def in context.model.reachingBindings(of: expr) {
                // A binding made only in code that never runs assigns nothing that is read.
                if let stmt = context.model[def].statement, context.flow.isUnreachable(stmt) { continue }
                if let inlineScope, case .parameter(_, let owner) = context.model[def].kind, owner == inlineScope {
                    let name = context.model[def].name
                    inlineReached[name] = inlineReached[name].map { $0.intersection(pathCleared) } ?? pathCleared
                    continue
                }
                if let summaryScope, case .parameter(_, let owner) = context.model[def].kind, owner == summaryScope {
                    let name = context.model[def].name
                    reachedParameters[name] = reachedParameters[name].map { $0.intersection(pathCleared) } ?? pathCleared
                    continue
                }
                // (What a binding carries depends on the sanitizers above it on the second
                // pass, so only the first pass, with none, remembers it.)
                if !throughSanitizers, let known = settled[def] {
                    if let found = known { return found }
                    continue
                }
                guard !visiting.contains(def) else { continue }
                visiting.insert(def)
                let found = bindingOrigin(def, depth: depth) ?? parameterOrigin(def, use: expr)
                visiting.remove(def)
                if !throughSanitizers { settled[def] = .some(found) }
                if let found { return found }
            }
            // `d = defaultdict(str); d["k"] = value` then `d["k"]`: what was stored into a local
            // container the flow facts do not follow element by element. (The program chose
            // where it stored them: the container is no document the client shaped, and its
            // keys are not the client's.)
            if mode == .value, kind != .massAssignment, case .name(let id, _) = tree[expr].kind, let scope = context.model.scope(of: expr) {
                let stored = context.flow.stores.values(into: id, in: scope, before: expr, tree)
                if !stored.isEmpty { return firstOrigin(stored, depth: depth) }
            }
            return nil
        }

        /// A parameter that some call in the project fills with request data.
        package mutating func parameterOrigin(_ def: BindingID, use: ExprID) -> RequestOrigin? {
            // (When summarising F, F's own parameters never get here: they are recorded instead.)
            guard !context.taintFacts.isEmpty, case .parameter(_, let owner) = context.model[def].kind else { return nil }
            // Summarising F, a parameter of a function around F (a closure's free name) is F's
            // context, not what F returns: with the callers' facts here, F's summary would carry
            // one caller's request data to every call of F (and of the function F is nested in).
            if let summaryScope {
                var scope = context.model[summaryScope].parent
                while let current = scope {
                    if current == owner { return nil }
                    scope = context.model[current].parent
                }
            }
            let function = context.model[owner].qualifiedName
            guard let remote = context.taintFacts.origin(function: function, parameter: context.model[def].name) else { return nil }
            if mode == .structured && !remote.isStructured { return nil }
            // The path here runs through a branch the calls' constant arguments rule out.
            if !remote.callConstants.isEmpty, !Taint.isFeasible(trail, in: owner, under: remote.callConstants, context) { return nil }
            return sanitized(by: remote.cleared) { walker in
                var found = RequestOrigin(framework: remote.framework, field: remote.field, expr: use, isStructured: remote.isStructured, remote: remote)
                found.cleared = walker.pathCleared
                return found
            }
        }

        /// Follows a value through a step that sanitizes it for `kinds` (a sanitizer call, a
        /// helper's parameter or a caller's argument that was sanitized): the flow ends when
        /// the question's sink is among them, or on a kind-agnostic first pass; otherwise it
        /// goes on, recording the kinds on a kind-agnostic second pass.
        package mutating func sanitized(by kinds: Set<SinkKind>, _ next: (inout Walker) -> RequestOrigin?) -> RequestOrigin? {
            guard !kinds.isEmpty else { return next(&self) }
            if kinds == SinkKind.all { return nil }
            if let kind {
                return kinds.contains(kind) ? nil : next(&self)
            }
            guard throughSanitizers else {
                sawSanitizer = true
                return nil
            }
            let saved = pathCleared
            pathCleared.formUnion(kinds)
            defer { pathCleared = saved }
            return next(&self)
        }

        package mutating func bindingOrigin(_ def: BindingID, depth: Int) -> RequestOrigin? {
            let binding = context.model[def]
            switch binding.kind {
            case .assignment(let value?):
                return origin(value, depth: depth + 1)
            case .assignment(nil):
                // Unpacking of a non-literal: `a, b = request.json["pair"]` carries the whole value.
                guard let stmt = binding.statement else { return nil }
                switch tree[stmt].kind {
                case .assign(let targets, let value, _):
                    if let part = unpackedOrigin(binding, targets: targets, value: value, depth: depth) { return part }
                    return origin(value, depth: depth + 1)
                case .annAssign(_, _, let value?, _):
                    return origin(value, depth: depth + 1)
                default:
                    return nil
                }
            case .augmentedAssignment(_, let value):
                guard mode == .value else { return nil }
                if let found = origin(value, depth: depth + 1) { return found }
                if let stmt = binding.statement, case .augAssign(let target, _, _) = tree[stmt].kind { return nameOrigin(target, depth: depth + 1) }
                return nil
            case .loopTarget(let iterable):
                // `for key, value in {"title": t, "slug": s}.items()`: the keys are the literal's.
                if let part = itemsPart(binding, iterable) { return part.isEmpty ? nil : firstOrigin(part, depth: depth) }
                // `for line in request:` in a Django view: the body's lines (`HttpRequest` is file-like).
                if mode == .value, Taint.requestObject(iterable, context) == .django {
                    return RequestOrigin(framework: .django, field: "body", expr: iterable, isStructured: false)
                }
                // `headers["Content-Disposition"] = value` into an object, then `for name in
                // headers`: its keys are the program's.
                if case .name(let id, _) = tree[iterable].kind, let scope = context.model.scope(of: iterable),
                   context.flow.containerContents[iterable] == nil, context.flow.stores.hasOnlyConstantKeys(id, in: scope),
                   context.model.reachingBindings(of: iterable).allSatisfy({ def in
                       if case .assignment(let value?) = context.model[def].kind { return origin(value, depth: depth + 1) == nil }
                       return false
                   }) { return nil }
                return origin(iterable, depth: depth + 1)
            default:
                return nil
            }
        }

        package mutating func callOrigin(_ expr: ExprID, depth: Int) -> RequestOrigin? {
            // `items.pop()`, `d.get("k")`, `conf.get("s", "k")` on a container built here.
            if let stored = context.flow.elementSources[expr] { return firstOrigin(stored, depth: depth) }
            guard let call = context.call(expr) else { return nil }
            // A project function: what its summary says it returns.
            if let nested = nestedCallee(call) { return nestedOrigin(nested, call, depth: depth) }
            if let (summary, function, offset) = returnSummary(of: call) {
                return apply(summary, call, function, offset, depth: depth)
            }
            if let lambda = lambdaCallee(call) { return lambdaOrigin(lambda, call, depth: depth) }
            if let name = call.name {
                // `html.escape(x)`: safe for the kinds it protects, still the client's text for the rest.
                if let kinds = Sanitizers.protects(name) {
                    guard mode == .value else { return nil }
                    return sanitized(by: kinds) { walker in
                        for arg in call.args + call.keywords.map(\.value) { if let found = walker.origin(arg, depth: depth + 1) { return found } }
                        return nil
                    }
                }
                if Taint.parsingFunctions.contains(name), let arg = call.argument(0, "s") {
                    var text = Walker(context: context, mode: .value, stop: stop)
                    text.kind = kind
                    text.throughSanitizers = throughSanitizers
                    text.pathCleared = pathCleared
                    text.summaryScope = summaryScope
                    text.throughUnmodelledCalls = throughUnmodelledCalls
                    text.reachedParameters = reachedParameters
                    text.steps = steps
                    let found = text.origin(arg, depth: depth + 1)
                    steps = text.steps
                    sawSanitizer = sawSanitizer || text.sawSanitizer
                    sawUnmodelledCall = sawUnmodelledCall || text.sawUnmodelledCall
                    reachedParameters = text.reachedParameters
                    guard let inner = found else { return nil }
                    var parsed = RequestOrigin(framework: inner.framework, field: inner.field, expr: inner.expr, isStructured: true, remote: inner.remote)
                    parsed.cleared = inner.cleared
                    parsed.unmodelledCall = inner.unmodelledCall
                    return parsed
                }
                // An encoder stops the flow (its output cannot carry an attack), unless its
                // output is decoded again: `b64decode(b64encode(param))` is `param`.
                let carries = Taint.carryingFunctions.contains(name) || (decoding > 0 && Summaries.encoders.contains(name))
                if mode == .value, carries {
                    let decoder = Summaries.decoders.contains(name)
                    if decoder { decoding += 1 }
                    defer { if decoder { decoding -= 1 } }
                    for arg in call.args + call.keywords.map(\.value) { if let found = origin(arg, depth: depth + 1) { return found } }
                }
                if mode == .value, !carries, kind != nil, Taint.isUnmodelledLibraryFunction(name, context) {
                    return throughUnmodelled(call, depth: depth)
                }
                // A method of a request field resolves to a qualified name too
                // (`flask.request.args.get`): it is read below as the method it is.
                guard case .attribute = tree[call.function].kind else { return nil }
            }
            guard case .attribute(let receiver, let method, _) = tree[call.function].kind else { return nil }
            if mode == .value {
                // `"sep".join(parts)`, `"{}".format(x)`: the arguments carry the data.
                if method == "join" || method == "format" {
                    if let found = origin(receiver, depth: depth + 1) { return found }
                    for arg in call.args + call.keywords.map(\.value) { if let found = origin(arg, depth: depth + 1) { return found } }
                    return nil
                }
                // `page.replace("{{ name }}", value)`: the replacement text is in the result too.
                if method == "replace", call.args.count >= 2, origin(receiver, depth: depth + 1) == nil {
                    return origin(call.args[1], depth: depth + 1)
                }
                // A method of an object an unmodelled library made (`thing = factory.create_thing()`,
                // then `thing.do_something(x)`): assumed to pass its arguments on, at low
                // confidence, as that library's own functions are; never dropped silently.
                if !Taint.carryingMethods.contains(method), kind != nil, let maker = context.model.constructorName(of: receiver),
                   Taint.isUnmodelledLibraryFunction(maker, context) {
                    return throughUnmodelled(call, depth: depth)
                }
                guard Taint.carryingMethods.contains(method) else { return nil }
            } else {
                guard Taint.structuredMethods.contains(method) else { return nil }
            }
            // Werkzeug's `request.args.get("page", 1, type=int)` converts before returning.
            if method == "get" || method == "getlist", let type = call.keyword("type"),
               let converter = context.qualifiedName(type), Sanitizers.protects(converter) == SinkKind.all { return nil }
            guard let inner = origin(receiver, depth: depth + 1) else { return nil }
            if method == "get" || method == "getlist" || method == "pop", let key = call.argument(0) {
                return refined(inner, receiver: receiver, access: expr, key: key)
            }
            return inner
        }

        /// A call Taintline has no model of: on the pass that allows it, the first argument that
        /// carries request data, marked as assumed through the call (low confidence); on the first
        /// pass, nothing, noting that such a call was met.
        package mutating func throughUnmodelled(_ call: CallInfo, depth: Int) -> RequestOrigin? {
            guard throughUnmodelledCalls else {
                sawUnmodelledCall = true
                return nil
            }
            for arg in call.args + call.keywords.map(\.value) {
                guard var found = origin(arg, depth: depth + 1) else { continue }
                if found.unmodelledCall == nil { found.unmodelledCall = context.text(call.function, limit: 40) }
                return found
            }
            return nil
        }

        /// `request.args` read with `["next"]` or `.get("next")`: the access names the value.
        package func refined(_ inner: RequestOrigin, receiver: ExprID, access: ExprID, key: ExprID) -> RequestOrigin {
            guard inner.expr == receiver else { return inner }
            var read = RequestOrigin(framework: inner.framework, field: inner.field, expr: access, isStructured: inner.isStructured, remote: inner.remote)
            read.parameterInput = inner.parameterInput
            read.cleared = inner.cleared
            read.unmodelledCall = inner.unmodelledCall
            return read
        }
    }

    // MARK: Guards

    /// The names read inside an expression (for "is this variable checked").
    package static func names(in expr: ExprID, _ context: FlowContext) -> Set<String> {
        var out: Set<String> = []
        var stack = [expr]
        var steps = 0
        while let next = stack.popLast(), steps < 512 {
            steps += 1
            if case .name(let id, _) = context.tree[next].kind { out.insert(id) }
            stack.append(contentsOf: context.tree.childExprs(of: next))
        }
        return out
    }

    /// The calls inside an expression, with their callee's last name component.
    package static func calls(in expr: ExprID, _ context: FlowContext) -> [(call: CallInfo, name: String)] {
        var out: [(CallInfo, String)] = []
        var stack = [expr]
        var steps = 0
        while let next = stack.popLast(), steps < 512 {
            steps += 1
            if let call = context.call(next) {
                // `os.path.abspath(p).startswith(BASE)`: a method of a call's result is named by the method.
                var name = call.name ?? context.tree.dottedName(call.function) ?? ""
                if name.isEmpty, case .attribute(_, let method, _) = context.tree[call.function].kind { name = method }
                out.append((call, String(name.split(separator: ".").last ?? "")))
            }
            stack.append(contentsOf: context.tree.childExprs(of: next))
        }
        return out
    }

    /// The `Name` nodes inside an expression (at most 256).
    package static func nameUses(in expr: ExprID, _ context: FlowContext) -> [ExprID] {
        var out: [ExprID] = []
        var stack = [expr]
        while let next = stack.popLast(), out.count < 256 {
            if case .name = context.tree[next].kind { out.append(next) }
            stack.append(contentsOf: context.tree.childExprs(of: next))
        }
        return out
    }

    /// The calls of a test, and of the checks it reads from a local (`ok = is_safe_url(t)`, `if ok:`;
    /// `inside = commonpath(...) == base; if not inside: ...`). With `everyBinding`, a local bound
    /// several times gives the calls of each binding (`try: inside = commonpath(...) == base
    /// except ValueError: inside = False`); without, only a local bound once counts.
    package static func checkedCalls(in test: ExprID, _ context: FlowContext, everyBinding: Bool) -> [(call: CallInfo, name: String)] {
        var out = calls(in: test, context)
        for use in nameUses(in: test, context) {
            let bindings = context.model.reachingBindings(of: use)
            guard everyBinding || bindings.count == 1 else { continue }
            for def in bindings {
                guard case .assignment(let value?) = context.model[def].kind else { continue }
                out += calls(in: value, context)
            }
        }
        return out
    }

    /// The tests of the `if`/`while`/`assert` statements of the function enclosing `expr` that
    /// start before it (enclosing or earlier guards), for rules that accept a validation check.
    package static func guardTests(before expr: ExprID, _ context: FlowContext) -> [ExprID] {
        guard let scope = context.model.scope(of: expr) else { return [] }
        let function = context.model.enclosingDefinitionScope(scope)
        let body: [StmtID]
        if case .statement(let stmt) = context.model[function].node {
            switch context.tree[stmt].kind {
            case .functionDef(let def), .asyncFunctionDef(let def): body = def.body
            default: return []
            }
        } else {
            body = context.tree.body
        }
        let limit = context.tree[expr].range
        var tests: [ExprID] = []
        var stack = body
        while let stmt = stack.popLast() {
            let range = context.tree[stmt].range
            guard (range.lineno, range.colOffset) < (limit.lineno, limit.colOffset) else { continue }
            // A check counts where it decides whether the use runs: the use is inside the
            // `if`/`while`, or the check ends the path when it fails (`if not ok(x): return`).
            let contains = range.start <= limit.start && limit.end <= range.end
            switch context.tree[stmt].kind {
            case .functionDef, .asyncFunctionDef, .classDef: continue
            case .if(let test, let body, let orelse):
                // ... or replaces the value when it fails (`if not ok(x): x = "/"`).
                let replaces = !names(in: test, context).isDisjoint(with: Set((body + orelse).flatMap { boundNames($0, context) }))
                // A check that held sends the path elsewhere: in its `else`, or after a body that
                // leaves (`if is_safe(x): return redirect(x)` then `redirect(x)`), the check failed.
                if case .call = context.tree[test].kind {
                    let inElse = orelse.contains { context.tree[$0].range.start <= limit.start && limit.end <= context.tree[$0].range.end }
                    let inBody = body.contains { context.tree[$0].range.start <= limit.start && limit.end <= context.tree[$0].range.end }
                    if inElse || (!inBody && !contains && context.flow.alwaysExits(body, context.model)) {
                        for block in context.tree.childBodies(of: stmt) { stack.append(contentsOf: block) }
                        continue
                    }
                }
                if contains || replaces || context.flow.alwaysExits(body, context.model) || context.flow.alwaysExits(orelse, context.model) {
                    tests.append(test)
                }
            case .while(let test, _, _):
                if contains { tests.append(test) }
            case .assert(let test, _): tests.append(test)
            default: break
            }
            for block in context.tree.childBodies(of: stmt) { stack.append(contentsOf: block) }
        }
        return tests
    }

    /// Names a statement assigns directly (`x = ...`, `x, y = ...`).
    package static func boundNames(_ stmt: StmtID, _ context: FlowContext) -> [String] {
        guard case .assign(let targets, _, _) = context.tree[stmt].kind else { return [] }
        return targets.flatMap { target -> [String] in
            switch context.tree[target].kind {
            case .name(let id, _): return [id]
            case .tuple(let elts, _), .list(let elts, _): return elts.compactMap { context.tree.nameIdentifier($0) }
            default: return []
            }
        }
    }

    /// Attributes that hold a class's declared schema (Django's `_meta`, SQLAlchemy's
    /// `__table__` and `__mapper__`, any object's `__class__`): the names and fields read from
    /// them are the program's, even on an object built from request data.
    package static let schemaAttributes: Set<String> = ["_meta", "__table__", "__mapper__", "__class__"]

    /// Methods that change a text's case or trim it: `a.upper() == b.upper()` compares `a`.
    package static let comparisonNormalizers: Set<String> = ["upper", "lower", "casefold", "strip", "lstrip", "rstrip"]

    /// Is the local `id`, where `use` reads it, equal to a value that is not the client's (`if
    /// entry["format"].upper() == book_format.upper():` over rows the program read, or `if name
    /// != stored.name: return`)? It then holds that value's text (up to case and surrounding
    /// space), whatever the client sent. Asked only where the flow facts saw such a comparison
    /// (`GuardFamily.equality`); tests of `if` statements, in the direction that reaches the use.
    package static func equalsTrustedValue(_ use: ExprID, _ id: String, _ context: FlowContext) -> Bool {
        func compared(_ side: ExprID) -> ExprID {
            var value = side
            while let call = context.call(value), call.args.isEmpty, case .attribute(let base, let method, _) = context.tree[call.function].kind,
                  comparisonNormalizers.contains(method) { value = base }
            return value
        }
        for test in guardTests(before: use, context) {
            guard case .compare(let left, let ops, let comparators) = context.tree[test].kind, ops.count == 1,
                  ops[0] == .eq || ops[0] == .notEq else { continue }
            for (mine, other) in [(left, comparators[0]), (comparators[0], left)] {
                guard case .name(id, _) = context.tree[compared(mine)].kind, !names(in: other, context).contains(id),
                      context.model.constantValue(of: other) == nil, isRequestDerived(other, context) == nil,
                      let runsWhenTrue = URLGuards.branchTaken(to: use, by: test, [id], context), runsWhenTrue == (ops[0] == .eq)
                else { continue }
                return true
            }
        }
        return false
    }

    /// String methods and functions whose truth means the value is restricted to a safe shape.
    package static let validatingMethods: Set<String> = ["isalnum", "isdigit", "isdecimal", "isnumeric", "isidentifier", "isalpha",
                                                 "fullmatch", "match"]

    /// Is a variable used in `expr` validated before it, in an `if`/`while`/`assert` test of
    /// the same function: a shape test (`x.isalnum()`, `x.replace(".", "").isdigit()`,
    /// `re.fullmatch(P, x)`, `P.match(x)`), a membership test (`x in ALLOWED`), or a function
    /// whose name says it validates (`is_valid_host(x)`, `allowed(x)`, `is_safe(x)`).
    package static func isValidated(_ expr: ExprID, _ context: FlowContext) -> Bool {
        let used = names(in: expr, context)
        guard !used.isEmpty else { return false }
        for test in guardTests(before: expr, context) {
            var stack = [test]
            var steps = 0
            while let next = stack.popLast(), steps < 256 {
                steps += 1
                switch context.tree[next].kind {
                case .compare(let left, let ops, _) where ops.contains(where: { $0 == .in || $0 == .notIn }):
                    if !names(in: left, context).isDisjoint(with: used) { return true }
                case .call(let function, let args, let keywords):
                    let method: String?
                    var subject: [ExprID] = args + keywords.map(\.value)
                    if case .attribute(let base, let attr, _) = context.tree[function].kind {
                        method = attr
                        // `form.is_valid()` checks the form's field types, not what its text says.
                        if !isBoundForm(base, context) { subject.append(base) }
                    } else {
                        method = context.tree.dottedName(function)?.split(separator: ".").last.map(String.init)
                    }
                    if let method, validatingMethods.contains(method) || Guards.isURLCheck(method),
                       subject.contains(where: { !names(in: $0, context).isDisjoint(with: used) }) { return true }
                default:
                    break
                }
                stack.append(contentsOf: context.tree.childExprs(of: next))
            }
        }
        return false
    }
}

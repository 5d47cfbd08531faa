import Foundation
import Dataflow
import PythonSemantics
import PythonSyntax

/// The code as the rules see it, for analyses that describe a project instead of reporting
/// findings (the threat model): each file's rule context, the project index, every function a
/// framework routes a request to, what each function reads from the request and which of the
/// catalog's sinks it calls. Built from the rules' own route discovery (decorators,
/// `RouteTables`, `DjangoURLConf`, `StarletteRoutes`, `PyramidConfig`) and source model
/// (`Taint`), so a description of the code and the findings cannot disagree on what
/// a route is or what it reads.
public struct CodeInventory: Sendable {
    public let files: [RuleEngine.ProjectFile]
    /// One context per file, in the order of `files` (with the project's route facts).
    public let contexts: [RuleContext]
    public let project: ProjectIndex
    /// Every routed function, in file order then line order.
    public let handlers: [RoutedFunction]
    /// Module name → index in `files`.
    let fileOfModule: [String: Int]
    /// Per file: each function's and class body's own expressions (lambdas and comprehensions
    /// included, nested definitions not), and each expression's parent.
    let expressions: [[ScopeID: [ExprID]]]
    let parents: [[ExprID: ExprID]]

    public init(files: [RuleEngine.ProjectFile]) {
        self.files = files
        let models = ParallelMap.map(files) { file -> SemanticModel in
            let module = ModuleName.from(relativePath: file.path)
            return SemanticModel(tree: file.tree, moduleName: module.name, isPackage: module.isPackage)
        }
        let summaries = ParallelMap.map(Array(zip(models, files.map(\.path)))) { ModuleSummary(model: $0.0, path: $0.1) }
        let project = ProjectIndex(modules: summaries)
        self.project = project
        let (facts, frameworks) = RuleEngine.routeFacts(models: models, project: project)
        let contexts = ParallelMap.map(Array(models.indices)) { index in
            RuleContext(tree: models[index].tree, source: files[index].source, model: models[index], path: files[index].path,
                        project: project, taintFacts: facts)
        }
        self.contexts = contexts
        var modules: [String: Int] = [:]
        for (index, model) in models.enumerated() where modules[model.moduleName] == nil { modules[model.moduleName] = index }
        fileOfModule = modules
        let indexed = ParallelMap.map(models) { Self.index($0) }
        expressions = indexed.map(\.0)
        parents = indexed.map(\.1)
        handlers = contexts.indices.flatMap { Self.routedFunctions(in: contexts[$0], file: $0, frameworks: frameworks) }
    }

    /// The expressions of a function or a class body (see `expressions`).
    public func expressions(in scope: ScopeID, file: Int) -> [ExprID] { expressions[file][scope] ?? [] }

    static func index(_ model: SemanticModel) -> ([ScopeID: [ExprID]], [ExprID: ExprID]) {
        let tree = model.tree
        var byFunction: [ScopeID: [ExprID]] = [:]
        var parents: [ExprID: ExprID] = [:]
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard let here = model.scope(of: id) else { continue }
            for child in tree.childExprs(of: id) { parents[child] = id }
            let definition = model.enclosingDefinitionScope(here)
            if model[definition].kind != .module { byFunction[definition, default: []].append(id) }
        }
        return (byFunction, parents)
    }

    /// The file and scope of a project function, by qualified name.
    public func function(_ qualifiedName: String) -> (file: Int, scope: ScopeID)? {
        guard let summary = project.functions[qualifiedName], let file = fileOfModule[summary.module] else { return nil }
        let model = contexts[file].model
        for (index, scope) in model.scopes.enumerated() where scope.node == .statement(summary.statement) {
            return (file, ScopeID(Int32(index)))
        }
        return nil
    }

    /// The index of a module's file.
    public func file(ofModule module: String) -> Int? { fileOfModule[module] }

    /// The lines a function's `def` spans, decorators excluded.
    public func lines(of scope: ScopeID, file: Int) -> ClosedRange<Int> {
        let context = contexts[file]
        guard case .statement(let stmt) = context.model[scope].node else { return 1...1 }
        let range = context.tree[stmt].range
        return Int(range.lineno)...max(Int(range.lineno), Int(range.endLineno))
    }

    // MARK: Routed functions

    static func routedFunctions(in context: RuleContext, file: Int, frameworks: [String: Framework]) -> [RoutedFunction] {
        let model = context.model
        var out: [RoutedFunction] = []
        for (index, scope) in model.scopes.enumerated() where scope.kind == .function {
            guard case .statement(let stmt) = scope.node else { continue }
            let decorated = context.route(of: stmt)
            guard let route = decorated ?? context.taintFacts.urlRoutes[scope.qualifiedName] else { continue }
            var framework = frameworks[scope.qualifiedName] ?? context.taintFacts.registeredHandlers[scope.qualifiedName]
            var isWebSocket = false
            for decorator in model.decorators(of: stmt) {
                if decorator.attribute?.lowercased().contains("websocket") == true { isWebSocket = true }
                if framework == nil, let found = Taint.routeDecoratorFramework(decorator, context) ?? Taint.unresolvedOwner(decorator, context) {
                    framework = found
                }
            }
            // A WebSocket endpoint takes a `WebSocket` (FastAPI, Starlette's `WebSocketRoute`).
            if case .functionDef(let def) = context.tree[stmt].kind, Self.takesWebSocket(def, context) { isWebSocket = true }
            if case .asyncFunctionDef(let def) = context.tree[stmt].kind, Self.takesWebSocket(def, context) { isWebSocket = true }
            // A method of a handler class (Tornado's `RequestHandler`, aiohttp's `web.View`): the class's framework.
            if framework == nil, let parent = scope.parent, model[parent].kind == .class {
                framework = Taint.classHandlerFramework(parent, context)
            }
            if framework == nil {
                framework = FrameworkCatalog.all.first { Taint.importsModule($0.packages, context) && !$0.routeOwners.isEmpty }?.framework
            }
            let range = context.tree[stmt].range
            out.append(RoutedFunction(function: scope.qualifiedName, file: file, scope: ScopeID(Int32(index)), statement: stmt,
                                      lines: Int(range.lineno)...max(Int(range.lineno), Int(range.endLineno)), route: route,
                                      framework: framework, isWebSocket: isWebSocket, routedByDecorator: decorated != nil))
        }
        return out
    }

    static func takesWebSocket(_ def: FunctionDef, _ context: RuleContext) -> Bool {
        context.tree.parameters(of: def.args).contains { arg in
            guard let annotation = arg.annotation, let name = Taint.annotationName(annotation, context) else { return false }
            return name.split(separator: ".").last == "WebSocket"
        }
    }

    // MARK: What a function reads from the request

    /// The request inputs a function (or a class body) reads itself (not through the functions it calls), each
    /// once, with the line of its first read: `request.args.get("q")` is the query field `q`,
    /// `request.files["doc"]` the file `doc`, a FastAPI parameter where FastAPI fills it from.
    public func requestReads(in scope: ScopeID, file: Int) -> [RequestRead] {
        let context = contexts[file]
        let tree = context.tree
        let parents = parents[file]
        var seen: Set<RequestInput> = []
        var out: [RequestRead] = []
        for expr in expressions[file][scope] ?? [] {
            guard Taint.directSource(expr, context) != nil else { continue }
            // The most specific read: `request.args` → `request.args.get("q")` / `request.args["q"]`.
            var top = expr
            while let parent = parents[top] {
                if case .subscript(top, _, _) = tree[parent].kind { top = parent; continue }
                if case .attribute(top, let attr, _) = tree[parent].kind, let call = parents[parent], case .call(parent, _, _) = tree[call].kind,
                   ["get", "getlist", "pop", "getone", "getunicode", "getall"].contains(attr) { top = call; continue }
                break
            }
            guard let origin = Taint.isRequestDerived(top, context) ?? Taint.directSource(expr, context) else { continue }
            let input = origin.input(context)
            guard seen.insert(input).inserted else { continue }
            out.append(RequestRead(input: input, line: Int(tree[top].range.lineno)))
        }
        return out
    }

    /// The request inputs a FastAPI route or dependency declares as parameters, whether its
    /// code uses them or not: where FastAPI fills each from (a marker such as `Header()`, a body
    /// model, a path part the route names (`pathParameters`), else the query string). Dependencies and injected
    /// objects (`Depends(...)`, `Request`, `Session`) are not inputs.
    public func declaredInputs(in scope: ScopeID, file: Int, pathParameters: [String]) -> [RequestRead] {
        let context = contexts[file]
        guard case .statement(let stmt) = context.model[scope].node else { return [] }
        let def: FunctionDef
        switch context.tree[stmt].kind {
        case .functionDef(let d), .asyncFunctionDef(let d): def = d
        default: return []
        }
        var out: [RequestRead] = []
        for arg in context.tree.parameters(of: def.args) where arg.arg != "self" && arg.arg != "cls" {
            if Taint.declaresDependency(arg, of: stmt, context) { continue }
            if let annotation = arg.annotation, !Taint.isPlainDataAnnotation(annotation, context) { continue }
            var kind: InputKind?
            var name: String? = arg.arg
            for marker in Taint.fastAPIMarkers(arg, of: stmt, context) {
                guard let call = context.call(marker), let callee = call.name ?? context.tree.dottedName(call.function) else { continue }
                let short = String(callee.split(separator: ".").last ?? "")
                if let marked = FastAPI.parameterMarkers[short] { kind = marked }
                if let alias = call.keyword("alias").flatMap({ context.string($0) }) { name = alias }
            }
            if kind == nil, let annotation = arg.annotation, let type = Taint.annotationName(annotation, context) {
                if type.hasSuffix("UploadFile") { kind = .file }
                if Taint.isBodyModel(type, context) { kind = .json; name = nil }
            }
            let input = kind ?? (pathParameters.contains(arg.arg) ? .path : .query)
            // FastAPI reads a header parameter `user_agent` from the `user-agent` header.
            if input == .header, name == arg.arg { name = arg.arg.replacingOccurrences(of: "_", with: "-") }
            out.append(RequestRead(input: RequestInput(input, name), line: Int(arg.range.lineno)))
        }
        return out
    }

    // MARK: Sinks a function calls

    /// The kinds whose rows `sinkCalls` looks up (the catalog's; commands come from the process calls).
    static let catalogKinds: [SinkKind] = [.sql, .url, .code, .regex, .xpath, .ldap, .template, .deserialization, .path, .redirect, .html]

    /// Every call in a function or a class body (not in the functions it calls) that is a sink of the catalog,
    /// or that starts a process: what the function can reach, whatever data it passes.
    public func sinkCalls(in scope: ScopeID, file: Int) -> [SinkCall] {
        let context = contexts[file]
        let tree = context.tree
        var out: [SinkCall] = []
        for id in expressions[file][scope] ?? [] {
            guard case .call = tree[id].kind, let call = context.call(id) else { continue }
            let line = Int(tree[id].range.lineno)
            if let name = call.name, ProcessCalls.shell.contains(name) || ProcessCalls.subprocess.contains(name) || ProcessCalls.noShell.contains(name) {
                let argument = call.argument(0, "args")
                out.append(SinkCall(kind: .command, callee: name, call: id, argument: argument, line: line,
                                    constantPrefix: argument.flatMap { context.constantPrefix(of: $0).map(String.init) },
                                    isConstant: argument.map { ProcessCalls.isConstantCommand($0, context) } ?? false))
                continue
            }
            for kind in Self.catalogKinds {
                for match in context.sinks(call, kind) {
                    out.append(SinkCall(kind: kind, callee: context.sinkName(match), call: id, argument: match.argument, line: line,
                                        constantPrefix: context.constantPrefix(of: match.argument).map(String.init),
                                        isConstant: context.constant(match.argument) != nil, role: match.model.role))
                }
            }
        }
        return out
    }
}

/// A function a framework calls for requests to a route.
public struct RoutedFunction: Sendable, Hashable {
    /// Qualified name (`app.views.login`, `shop.views.ItemView.post`).
    public let function: String
    /// Index of its file in `CodeInventory.files`, and its scope there.
    public let file: Int
    public let scope: ScopeID
    public let statement: StmtID
    /// The lines its `def` spans.
    public let lines: ClosedRange<Int>
    public let route: Route
    /// The framework whose route it is, when known.
    public let framework: Framework?
    /// True for a WebSocket endpoint (`@app.websocket(...)`, a `WebSocket` parameter).
    public let isWebSocket: Bool
    /// True when its own decorator declares the route (not a URL configuration or table).
    public let routedByDecorator: Bool
}

/// One request input a function reads, and the line of its first read.
public struct RequestRead: Sendable, Hashable {
    public let input: RequestInput
    public let line: Int
}

/// A call of a sink: its kind, the callee as a finding would name it, and the argument that
/// carries data into it.
public struct SinkCall: Sendable, Hashable {
    /// The catalog's kind; `.command` for every call that starts a process.
    public let kind: SinkKind
    public let callee: String
    public let call: ExprID
    public let argument: ExprID?
    public let line: Int
    /// The constant text the argument starts with (`https://api.example.com/` of a URL built
    /// from it), when there is one.
    public let constantPrefix: String?
    /// True when the argument is a constant (or, for a process, a constant command line).
    public let isConstant: Bool
    /// The row's role (`host` for `HTTPConnection(host)`, `clause` for a query clause).
    public var role: String? = nil
}

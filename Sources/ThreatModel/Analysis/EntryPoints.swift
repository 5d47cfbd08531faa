import Dataflow
import PythonSemantics
import PythonSyntax
import Rules

/// Finding the entry points: the routes the rules' inventory knows (one per handler; a
/// class-based view's verb methods each, with its other methods as code that runs for them),
/// WebSocket events of Flask-SocketIO, management and CLI commands, and queued tasks.
extension Analyzer {
    /// Method names that answer one HTTP method (class views, Falcon responders, Tornado handlers).
    static let verbNames: Set<String> = ["get", "post", "put", "patch", "delete", "head", "options", "trace"]

    static func isVerbMethod(_ name: String) -> Bool {
        if verbNames.contains(name) { return true }
        // Falcon's `on_get`, `on_post_item`.
        if name.hasPrefix("on_"), let verb = name.dropFirst(3).split(separator: "_").first { return verbNames.contains(String(verb)) }
        return false
    }

    func httpCandidates() -> [Candidate] {
        var out: [Candidate] = []
        var byClass: [String: [RoutedFunction]] = [:]
        for handler in inventory.handlers {
            let model = inventory.contexts[handler.file].model
            if let parent = model[handler.scope].parent, model[parent].kind == .class {
                byClass[model[parent].qualifiedName, default: []].append(handler)
            } else {
                out.append(candidate(handler, scopes: [handler.scope], classScope: nil))
            }
        }
        for (_, methods) in byClass.sorted(by: { $0.key < $1.key }) {
            let model = inventory.contexts[methods[0].file].model
            guard let classScope = model[methods[0].scope].parent else { continue }
            let verbs = methods.filter { Self.isVerbMethod(model[$0.scope].name) }
            let helpers = methods.filter { !Self.isVerbMethod(model[$0.scope].name) }.map(\.scope)
            if verbs.isEmpty {
                // A generic view that defines no verb method (a `ListView` with `get_queryset`): one entry for the class.
                var entry = candidate(methods[0], scopes: helpers + [classScope], classScope: classScope)
                if case .statement(let stmt) = model[classScope].node { entry.statement = stmt }
                entry.name = model[classScope].qualifiedName
                entry.methods = Array(Set(methods.flatMap(\.route.methods))).sorted { Self.methodOrder($0) < Self.methodOrder($1) }
                out.append(entry)
            } else {
                for verb in verbs { out.append(candidate(verb, scopes: [verb.scope] + helpers + [classScope], classScope: classScope)) }
            }
        }
        return out
    }

    static func methodOrder(_ method: String) -> Int {
        ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"].firstIndex(of: method) ?? 99
    }

    func candidate(_ handler: RoutedFunction, scopes: [ScopeID], classScope: ScopeID?) -> Candidate {
        let reading = reading(handler.file)
        let model = reading.model
        var methods = handler.route.methods
        var explicit = true
        var classStatement: StmtID?
        if let classScope, case .statement(let stmt) = model[classScope].node { classStatement = stmt }
        if handler.framework == .django && !handler.routedByDecorator && classScope == nil {
            (methods, explicit) = djangoMethods(handler.statement, reading)
        }
        return Candidate(kind: handler.isWebSocket ? .websocket : .http, framework: handler.framework, methods: methods, explicitMethods: explicit,
                         path: handler.route.path, pathParameters: handler.route.parameters, file: handler.file, statement: handler.statement,
                         name: handler.function, classStatement: classStatement, className: classScope.map { model[$0].qualifiedName },
                         scopes: scopes)
    }

    /// The methods a Django function view answers: its `require_http_methods`-style decorator,
    /// else GET plus those it compares `request.method` with; a view that checks nothing
    /// answers every method (shown as GET, POST, not explicit).
    func djangoMethods(_ function: StmtID, _ reading: CodeReading) -> ([String], Bool) {
        for decorator in reading.model.decorators(of: function) {
            switch decorator.qualifiedName ?? "" {
            case "django.views.decorators.http.require_POST": return (["POST"], true)
            case "django.views.decorators.http.require_GET": return (["GET"], true)
            case "django.views.decorators.http.require_safe": return (["GET", "HEAD"], true)
            case "django.views.decorators.http.require_http_methods":
                if let call = decorator.call, let list = reading.context.call(call)?.argument(0, "request_method_list"),
                   case .list(let items, _) = reading.tree[list].kind {
                    let names = items.compactMap { reading.context.string($0)?.uppercased() }
                    if !names.isEmpty { return (names, true) }
                }
            default:
                continue
            }
        }
        var compared: [String] = []
        for (stmt, _) in reading.statements(reading.body(of: function)) {
            for expr in reading.expressions(of: stmt) {
                for part in reading.subexpressions(expr) {
                    guard case .compare(let left, _, let comparators) = reading.tree[part].kind, reading.text(left).hasSuffix("request.method") else { continue }
                    for comparator in comparators {
                        if let method = reading.context.string(comparator)?.uppercased(), !compared.contains(method) { compared.append(method) }
                        if case .list(let items, _) = reading.tree[comparator].kind { compared += items.compactMap { reading.context.string($0)?.uppercased() } }
                        if case .tuple(let items, _) = reading.tree[comparator].kind { compared += items.compactMap { reading.context.string($0)?.uppercased() } }
                    }
                }
            }
        }
        if !compared.isEmpty { return ((["GET"] + compared.filter { $0 != "GET" }).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }, true) }
        return (["GET", "POST"], false)
    }

    // MARK: Inputs

    /// What the entry point reads: the request reads of its code and of its FastAPI
    /// dependencies, its path parameters, and what it declares (command options, task arguments).
    func inputs(_ candidate: Candidate) -> [Input] {
        var out: [Input] = candidate.declaredInputs
        var seen = Set(out.map { InputKey(kind: $0.kind, name: $0.name) })
        func add(_ input: Input) {
            if seen.insert(InputKey(kind: input.kind, name: input.name)).inserted { out.append(input) }
        }
        for name in candidate.pathParameters { add(Input(kind: .path, name: name, line: nil)) }
        var places: [(Int, ScopeID)] = candidate.scopes.map { (candidate.file, $0) }
        if candidate.framework == .fastapi || candidate.framework == .starlette {
            let dependencies = dependencyFunctions(candidate).compactMap { definition(of: $0).map { ($0.file, $0.scope) } }
            places += dependencies
            // FastAPI parses every declared parameter, used or not.
            if candidate.framework == .fastapi {
                for (file, scope) in [(candidate.file, candidate.scopes[0])] + dependencies {
                    for read in inventory.declaredInputs(in: scope, file: file, pathParameters: candidate.pathParameters) {
                        guard let kind = InputKind(rawValue: read.input.kind.rawValue) else { continue }
                        add(Input(kind: kind, name: read.input.name, line: read.line))
                    }
                }
            }
        }
        for (file, scope) in places {
            for read in inventory.requestReads(in: scope, file: file) {
                guard let kind = InputKind(rawValue: read.input.kind.rawValue) else { continue }
                add(Input(kind: kind, name: read.input.name, line: read.line))
            }
        }
        return out.sorted()
    }

    struct InputKey: Hashable {
        let kind: InputKind
        let name: String?
    }

    /// The project functions the route depends on (`Depends(f)`, transitively, bounded).
    func dependencyFunctions(_ candidate: Candidate) -> [String] {
        var out: [String] = []
        var pending: [(ExprID, CodeReading)] = dependencyExpressions(candidate, reading(candidate.file)).map { ($0.0, $0.1.reading) }
        while let (marker, place) = pending.popLast(), out.count < 16 {
            guard case .call(_, let args, _) = place.tree[marker].kind, let first = args.first, let name = place.name(first),
                  let function = project.resolveFunction(name), !out.contains(function), let (file, _, stmt) = definition(of: function) else { continue }
            out.append(function)
            let inner = reading(file)
            pending += parameterMarkers(stmt, inner).map { ($0, inner) }
        }
        return out
    }
}

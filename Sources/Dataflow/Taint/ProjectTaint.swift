import PythonSemantics
import PythonSyntax

/// Request data that enters a project function through one of its parameters: the call site
/// that passes it, and what the request field was there. Lets the request-data rules follow a
/// value from a view into the helpers it calls, across modules.
package struct RemoteOrigin: Sendable, Hashable {
    package let framework: RequestOrigin.Framework
    package let field: String
    package let isStructured: Bool
    /// The request read at the origin, as written there (`request.args["url"]`).
    package let sourceText: String
    /// The function that made the call, and where (`views.fetch`, `app/views.py`, 12).
    package let caller: String
    package let path: String
    package let line: Int
    /// The route and request input of the original source, for proofs of concept.
    package let route: Route?
    package let input: RequestInput
    /// The sink kinds every call site found so far sanitized the value for (`helper(escape(x))`:
    /// `.html`); empty when one passes it raw.
    package var cleared: Set<SinkKind> = []
    /// The callee's other parameters as every recorded call leaves them: a constant passed
    /// (`.some(value)`) or nothing passed, so the default applies (`.none`). With these a branch
    /// on a flag the calls fix (`if from_setup:` when no call sets it) is decided for the flow.
    package var callConstants: [String: ConstantValue?] = [:]
    /// True when every recorded call passes a dict literal with constant keys
    /// (`copy(update_attrs={"title": form["title"]})`): only its values are the client's.
    package var constantKeys = false
}

/// For every project function, the parameters that receive request data at some call site.
/// Built before the rules run (`RuleEngine.analyzeProject`), in rounds, so data passed from a
/// view to a helper and from that helper to another is followed too.
public struct TaintFacts: Sendable, Equatable {
    /// Function qualified name → parameter name → the first call site that passes request data.
    package var parameters: [String: [String: RemoteOrigin]] = [:]
    /// Function qualified name → what a call of it returns (see `ReturnSummaries`).
    package var returns: [String: ReturnSummary] = [:]
    /// Function qualified name → parameter name → the framework whose request object a call
    /// passes there (`helper(request)`, `Wrapper(request)`), so `param.args` is request data.
    package var requestObjects: [String: [String: RequestOrigin.Framework]] = [:]
    /// Function qualified name → the route a URL configuration serves it at (Django's
    /// `urlpatterns`, Starlette's `Route` lists), for views no decorator routes.
    package var urlRoutes: [String: Route] = [:]
    /// Function qualified name → the framework whose route table registers it as a handler
    /// (aiohttp's `router.add_get("/x", handler)` takes the request first, Bottle's
    /// `app.route("/x/<name>", callback=f)` the URL parts; see `RouteTables`). Its route is in
    /// `urlRoutes`.
    package var registeredHandlers: [String: RequestOrigin.Framework] = [:]
    /// Project functions FastAPI calls as dependencies (`Depends(common_parameters)`): it fills
    /// their parameters from the request as it does a route's.
    package var dependencies: Set<String> = []

    public static let empty = TaintFacts()

    public var isEmpty: Bool { parameters.isEmpty && returns.isEmpty && requestObjects.isEmpty }
    /// How many project functions return request data or one of their parameters' data.
    public var returnSummaryCount: Int { returns.count }
    /// The functions with at least one parameter that receives request data.
    public var functions: Set<String> { Set(parameters.keys) }

    /// Functions whose parameters gained facts since `earlier`.
    package func changedFunctions(since earlier: TaintFacts) -> [String] {
        let data = parameters.compactMap { function, params in earlier.parameters[function] == params ? nil : function }
        let objects = requestObjects.compactMap { function, params in earlier.requestObjects[function] == params ? nil : function }
        return Array(Set(data + objects)).sorted()
    }
    /// How many parameters receive request data.
    public var count: Int { parameters.values.reduce(0) { $0 + $1.count } }

    package func origin(function: String, parameter: String) -> RemoteOrigin? {
        parameters[function]?[parameter]
    }

    /// Records that a call passes request data to a parameter: the first origin is kept (files
    /// merge in input order, so the result does not depend on thread timing), and the kinds it
    /// is sanitized for are those every call sanitizes it for.
    package mutating func record(_ origin: RemoteOrigin, function: String, parameter: String) {
        guard var known = parameters[function]?[parameter] else {
            parameters[function, default: [:]][parameter] = origin
            return
        }
        let constants = known.callConstants.filter { name, value in origin.callConstants[name].map { $0 == value } ?? false }
        guard !known.cleared.isEmpty || constants.count != known.callConstants.count || (known.constantKeys && !origin.constantKeys) else { return }
        known.cleared.formIntersection(origin.cleared)
        known.callConstants = constants
        known.constantKeys = known.constantKeys && origin.constantKeys
        parameters[function]![parameter] = known
    }

    /// Adds facts, keeping the first origin recorded for each parameter (files merge in input
    /// order, so the result does not depend on thread timing).
    package mutating func merge(_ other: TaintFacts) {
        for (function, summary) in other.returns where returns[function] == nil { returns[function] = summary }
        for (function, params) in other.requestObjects {
            for (name, framework) in params where requestObjects[function]?[name] == nil { requestObjects[function, default: [:]][name] = framework }
        }
        for (function, params) in other.parameters {
            for (name, origin) in params { record(origin, function: function, parameter: name) }
        }
    }
}

/// The engine's cross-module pass: each module contributes, for every call of a project
/// function, which arguments carry request data (`collect`) and its functions' return
/// summaries; the rule engine merges the facts and repeats until nothing changes, so data
/// passed through helpers in other modules reaches the sinks there.
package enum ProjectTaint {
    /// Web frameworks whose import makes a module a place where request data starts.
    package static let frameworks = FrameworkCatalog.packages

    /// The facts one file contributes: each call of a project function with an argument that
    /// carries request data (directly, or through a parameter already known to).
    package static func collect(_ context: FlowContext) -> TaintFacts {
        var facts = TaintFacts()
        guard !context.project.functions.isEmpty else { return facts }
        for index in context.tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard case .call = context.tree.exprs[index].kind, let call = context.call(id),
                  let (target, function, offset) = callee(call, context) else { continue }
            var pairs: [(String, ExprID)] = []
            for (position, argument) in call.args.enumerated() {
                if case .starred = context.tree[argument].kind { break }
                let parameter = position + offset
                guard parameter < function.parameters.count else { break }
                pairs.append((function.parameters[parameter], argument))
            }
            for keyword in call.keywords {
                guard let arg = keyword.arg, function.parameters.contains(arg) else { continue }
                pairs.append((arg, keyword.value))
            }
            var constants: [String: ConstantValue?]?
            for (parameter, argument) in pairs {
                // Nothing more to learn from another call: raw data, no constants to narrow.
                if let known = facts.parameters[target]?[parameter], known.cleared.isEmpty, known.callConstants.isEmpty, !known.constantKeys { continue }
                if facts.requestObjects[target]?[parameter] == nil, let framework = Taint.requestObject(argument, context) {
                    facts.requestObjects[target, default: [:]][parameter] = framework
                    continue
                }
                guard let origin = Taint.isRequestDerived(argument, context) else { continue }
                var passed = remote(origin, call: id, context)
                if constants == nil { constants = constantArguments(call, function, offset, context) }
                passed.callConstants = constants ?? [:]
                passed.constantKeys = hasConstantKeys(argument, context)
                facts.record(passed, function: target, parameter: parameter)
            }
        }
        return facts
    }

    /// A dict literal whose keys are all constants, written here or bound once to the name passed.
    package static func hasConstantKeys(_ argument: ExprID, _ context: FlowContext) -> Bool {
        var value = argument
        if case .name = context.tree[argument].kind {
            let defs = context.model.reachingBindings(of: argument)
            guard defs.count == 1, case .assignment(let bound?) = context.model[defs[0]].kind, context.flow.containerContents[argument] == nil else { return false }
            value = bound
        }
        guard case .dict(let keys, _) = context.tree[value].kind, !keys.isEmpty else { return false }
        return keys.allSatisfy { $0.map { context.model.constantValue(of: $0) != nil } ?? false }
    }

    /// What a call fixes of the callee's parameters: each constant argument, and each parameter
    /// it does not pass at all (its default applies). Nothing when arguments are unpacked.
    package static func constantArguments(_ call: CallInfo, _ function: FunctionSummary, _ offset: Int, _ context: FlowContext) -> [String: ConstantValue?] {
        if call.args.contains(where: { if case .starred = context.tree[$0].kind { return true } else { return false } })
            || call.keywords.contains(where: { $0.arg == nil }) { return [:] }
        var out: [String: ConstantValue?] = [:]
        for (index, parameter) in function.parameters.enumerated() where index >= offset {
            let position = index - offset
            let argument = position < call.args.count ? call.args[position] : call.keywords.first { $0.arg == parameter }?.value
            if let argument {
                if let value = context.model.constantValue(of: argument) { out[parameter] = .some(value) }
            } else {
                out[parameter] = .some(nil)
            }
        }
        return out
    }

    /// The project function a call reaches, and how many of its parameters the call does not
    /// pass (`self`): plain functions, constructors (`__init__`), and `self.method(...)` /
    /// `cls.method(...)` inside a class, and methods of an instance constructed in the same
    /// function (`s = Service(); s.run(x)`); the method is found in the class or its bases.
    package static func callee(_ call: CallInfo, _ context: FlowContext) -> (String, FunctionSummary, Int)? {
        let project = context.project
        if let name = call.name, let target = project.resolveFunction(name), let function = project.functions[target] {
            if function.owningClass == nil { return (target, function, 0) }
            if target.hasSuffix(".__init__") { return (target, function, 1) }
            // `Helpers.escape(x)` on the class: a static method takes no receiver, a class method `cls`.
            if function.decorators.contains(where: { $0.hasSuffix("staticmethod") }) { return (target, function, 0) }
            if function.decorators.contains(where: { $0.hasSuffix("classmethod") }) { return (target, function, 1) }
            return nil
        }
        guard case .attribute(let receiver, let method, _) = context.tree[call.function].kind else { return nil }
        var owners: [String] = []
        if case .name = context.tree[receiver].kind, let binding = context.model.reachingBindings(of: receiver).first, context.model.isMethodReceiver(binding),
           case .parameter(_, let function) = context.model[binding].kind, let classScope = context.model[function].parent,
           context.model[classScope].kind == .class {
            owners = [context.model[classScope].qualifiedName]
        } else if case .name = context.tree[receiver].kind, let made = context.model.constructorName(of: receiver),
                  let resolved = project.classes[project.canonicalName(made)] {
            // `service = ReportService(); service.run(name)`: an instance built here.
            owners = [resolved.qualifiedName]
        } else {
            // `createThing().doSomething(x)`, `thing = ThingFactory.createThing(); thing.doSomething(x)`:
            // the classes a project factory returns, or the class a call builds.
            owners = producedClasses(receiver, context)
        }
        for owner in owners {
            var classes = [owner]
            if let summary = project.classes[owner] { classes += summary.bases.map { project.canonicalName($0) } }
            for owner in classes {
                let target = owner + "." + method
                if let function = project.functions[target], function.owningClass != nil { return (target, function, 1) }
            }
        }
        return nil
    }

    /// The project classes whose instance an expression is: a constructor call (`Thing()`), a
    /// call of a project function that returns constructed objects, or a name bound once to one.
    package static func producedClasses(_ expr: ExprID, _ context: FlowContext, depth: Int = 0) -> [String] {
        let project = context.project
        var value = expr
        if case .name = context.tree[expr].kind {
            let defs = context.model.reachingBindings(of: expr)
            guard defs.count == 1, case .assignment(let bound?) = context.model[defs[0]].kind else { return [] }
            value = bound
        }
        guard depth < 3, let call = context.call(value), let name = call.name else { return [] }
        if let made = project.classes[project.canonicalName(name)] { return [made.qualifiedName] }
        guard let target = project.resolveFunction(name), let function = project.functions[target] else { return [] }
        return function.returnedCalls.flatMap { returned -> [String] in
            if let made = project.classes[project.canonicalName(returned)] { return [made.qualifiedName] }
            // A factory that returns another factory's product.
            guard depth < 2, let inner = project.resolveFunction(returned), let next = project.functions[inner] else { return [] }
            return next.returnedCalls.compactMap { project.classes[project.canonicalName($0)]?.qualifiedName }
        }
    }

    /// The origin as seen from a call site, to be carried into the callee.
    package static func remote(_ origin: RequestOrigin, call: ExprID, _ context: FlowContext) -> RemoteOrigin {
        if var remote = origin.remote {
            // Already from further up: keep the original request read and route.
            remote.cleared = origin.cleared
            return remote
        }
        let caller = context.model.enclosingName(of: call) ?? "<module>"
        return RemoteOrigin(framework: origin.framework, field: origin.field, isStructured: origin.isStructured,
                            sourceText: origin.text(context), caller: caller, path: context.path,
                            line: Int(context.tree[origin.expr].range.lineno), route: context.route(containing: origin.expr),
                            input: origin.input(context), cleared: origin.cleared)
    }

    /// Does the module import a web framework (so request data can start there)?
    package static func importsWebFramework(_ model: SemanticModel) -> Bool {
        Taint.importsModule(frameworks, model) || definesWSGIApplication(model)
    }

    /// A WSGI application needs no import: `def app(environ, start_response)` is enough.
    package static func definesWSGIApplication(_ model: SemanticModel) -> Bool {
        model.scopes.contains { scope in
            guard scope.kind == .function, case .statement(let stmt) = scope.node else { return false }
            return Taint.isWSGIApplication(stmt, model.tree)
        }
    }
}

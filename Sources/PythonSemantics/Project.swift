import PythonSyntax

/// A function or method defined in a project module.
public struct FunctionSummary: Sendable, Hashable {
    /// `pkg.views.UserView.post`.
    public let qualifiedName: String
    public let module: String
    public let statement: StmtID
    public let line: Int
    /// Parameter names in order (including `self`).
    public let parameters: [String]
    /// Qualified names of the decorators that could be resolved (`app.route` style decorators
    /// on instances appear as `<receiverClass>.<attribute>`, e.g. `flask.Flask.route`).
    public let decorators: [String]
    /// The qualified name of the class it is a method of.
    public let owningClass: String?
    public let isAsync: Bool
    /// The qualified names of the calls its own `return` statements return (`return ThingImpl()`,
    /// `thing = make(); return thing`): a factory's products, for calls of their methods.
    public var returnedCalls: [String] = []
    /// True when the body has a `return` and every one returns such a call (nothing else: no
    /// bare `return`, no other value), so what a call of the function gives is one of them.
    public var returnsOnlyCalls = false
}

/// A class defined in a project module.
public struct ClassSummary: Sendable, Hashable {
    public let qualifiedName: String
    public let module: String
    public let statement: StmtID
    public let line: Int
    /// Base classes, resolved where possible (`django.views.View`), else as written.
    public let bases: [String]
    public let methods: [String]
    /// Names the class body assigns (`owner_id = db.Column(...)`, `user: Mapped[User] = relationship()`):
    /// a model's declared fields.
    public var fields: [String] = []
}

/// One call in a project module.
public struct CallSite: Sendable, Hashable {
    /// The function (or module, for module-level code) containing the call.
    public let caller: String
    /// The resolved callee (`subprocess.run`, `pkg.utils.helper`, `pkg.views.C.m` for
    /// `self.m()`); nil when unknown.
    public let callee: String?
    public let call: ExprID
    public let line: Int
}

/// What one module contributes to the project view: its functions, classes, module-level
/// names bound by imports, and calls. Built from a `SemanticModel`; small and `Sendable`, so
/// a scan builds one per file in parallel and then joins them in a `ProjectIndex`.
public struct ModuleSummary: Sendable {
    public let name: String
    public let path: String
    public let isPackage: Bool
    public let functions: [FunctionSummary]
    public let classes: [ClassSummary]
    public let calls: [CallSite]
    /// Module-level names bound once by an import (`helper` → `pkg.utils.helper`), for
    /// following re-exports.
    public let importAliases: [String: String]

    public init(model: SemanticModel, path: String) {
        let tree = model.tree
        name = model.moduleName
        self.path = path
        isPackage = model.isPackage
        var functions: [FunctionSummary] = []
        var classes: [ClassSummary] = []
        for scope in model.scopes {
            guard case .statement(let stmt) = scope.node else { continue }
            let line = Int(tree[stmt].range.lineno)
            switch tree[stmt].kind {
            case .functionDef(let def), .asyncFunctionDef(let def):
                var owner: String?
                if let parent = scope.parent, model[parent].kind == .class { owner = model[parent].qualifiedName }
                let decorators = model.decorators(of: stmt).compactMap { d -> String? in
                    if let receiver = d.receiverClass, let attribute = d.attribute { return receiver + "." + attribute }
                    return d.qualifiedName
                }
                var isAsync = false
                if case .asyncFunctionDef = tree[stmt].kind { isAsync = true }
                var summary = FunctionSummary(qualifiedName: scope.qualifiedName, module: model.moduleName, statement: stmt, line: line,
                                              parameters: tree.parameters(of: def.args).map(\.arg), decorators: decorators,
                                              owningClass: owner, isAsync: isAsync)
                (summary.returnedCalls, summary.returnsOnlyCalls) = Self.returnedCalls(def.body, model)
                functions.append(summary)
            case .classDef(let def):
                let bases = def.bases.map { model.qualifiedName(of: $0) ?? tree.dottedName($0) ?? "?" }
                let methods = def.body.compactMap { s -> String? in
                    switch tree[s].kind {
                    case .functionDef(let f), .asyncFunctionDef(let f): return f.name
                    default: return nil
                    }
                }
                var summary = ClassSummary(qualifiedName: scope.qualifiedName, module: model.moduleName, statement: stmt, line: line,
                                           bases: bases, methods: methods)
                summary.fields = def.body.flatMap { s -> [String] in
                    switch tree[s].kind {
                    case .assign(let targets, _, _): return targets.compactMap { if case .name(let id, _) = tree[$0].kind { return id } else { return nil } }
                    case .annAssign(let target, _, _, _): if case .name(let id, _) = tree[target].kind { return [id] } else { return [] }
                    default: return []
                    }
                }
                classes.append(summary)
            default:
                break
            }
        }
        self.functions = functions
        self.classes = classes

        var calls: [CallSite] = []
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard case .call(let function, _, _) = tree[id].kind, let scope = model.scope(of: id) else { continue }
            let definition = model.enclosingDefinitionScope(scope)
            var callerScope = definition
            // Calls in a class body run at import time, as part of the module.
            while model[callerScope].kind == .class, let parent = model[callerScope].parent { callerScope = model.enclosingDefinitionScope(parent) }
            var callee = model.qualifiedName(of: function)
            if callee == nil, case .attribute(let receiver, let attr, _) = tree[function].kind, case .name = tree[receiver].kind {
                // self.method() inside a method: the method of the enclosing class.
                let defs = model.reachingBindings(of: receiver)
                if defs.count == 1, model.isMethodReceiver(defs[0]), case .parameter(_, let owner) = model[defs[0]].kind,
                   let cls = model[owner].parent {
                    callee = model[cls].qualifiedName + "." + attr
                }
            }
            calls.append(CallSite(caller: model[callerScope].qualifiedName, callee: callee, call: id, line: Int(tree[id].range.lineno)))
        }
        self.calls = calls

        var aliases: [String: String] = [:]
        for (name, ids) in model[ScopeID.module].symbols where ids.count == 1 {
            if case .imported(let target) = model[ids[0]].kind { aliases[name] = target }
        }
        importAliases = aliases
    }
}

/// The project-wide view: every module's functions and classes, re-exports followed, and a
/// call graph whose edges go to project functions where a call could be resolved.
public struct ProjectIndex: Sendable {
    public let modules: [String: ModuleSummary]
    public let functions: [String: FunctionSummary]
    public let classes: [String: ClassSummary]
    /// Caller → resolved project callees (qualified names), sorted, unique.
    public let callGraph: [String: [String]]
    /// Callee → callers, sorted, unique.
    public let reverseCallGraph: [String: [String]]
    /// Project class (canonical name) → the project classes that list it among their bases.
    public let subclasses: [String: [String]]
    /// `resolveFunction` of every callee name seen at a call site, computed once: the same
    /// names (`os.path.join`, `self.save`) recur at thousands of call sites, and rules ask again.
    private let resolutions: [String: String?]
    /// First components of the project's module names (`app` for `app.views`).
    private let moduleRoots: Set<String>
    /// Module names as imported when the import root is a folder below the scanned one
    /// (`pgadmin.utils` for the module `web.pgadmin.utils`, scanned from the repository root
    /// while the app runs from `web/`): each proper suffix of a module name, when only one
    /// module ends with it, mapped to that module's full name.
    private let suffixModules: [String: String]
    /// First components of `suffixModules`' keys: a name starting with none of them (nor with a
    /// module root) is left as it is at once (`os.path.join`, `django.http.HttpResponse`).
    private let suffixRoots: Set<String>

    static func suffixIndex(_ names: some Collection<String>) -> [String: String] {
        var out: [String: String?] = [:]
        for name in names {
            let parts = name.split(separator: ".")
            guard parts.count > 1 else { continue }
            for start in 1..<parts.count {
                let suffix = parts[start...].joined(separator: ".")
                if let existing = out[suffix] {
                    if existing != name { out[suffix] = .some(nil) }
                } else {
                    out[suffix] = .some(name)
                }
            }
        }
        return out.compactMapValues { $0 }
    }

    public static let empty = ProjectIndex(modules: [])

    public init(modules: [ModuleSummary]) {
        var byName: [String: ModuleSummary] = [:]
        // Stable when two files claim one module name: the first path in order wins.
        for module in modules.sorted(by: { $0.path < $1.path }) where byName[module.name] == nil { byName[module.name] = module }
        self.modules = byName
        moduleRoots = Set(byName.keys.map { String($0.split(separator: ".", maxSplits: 1).first ?? Substring($0)) })
        suffixModules = Self.suffixIndex(byName.keys)
        suffixRoots = Set(suffixModules.keys.map { String($0.split(separator: ".", maxSplits: 1).first ?? Substring($0)) })
        var functions: [String: FunctionSummary] = [:]
        var classes: [String: ClassSummary] = [:]
        for module in byName.values {
            for f in module.functions { functions[f.qualifiedName] = f }
            for c in module.classes { classes[c.qualifiedName] = c }
        }
        self.functions = functions
        self.classes = classes
        var graph: [String: Set<String>] = [:]
        var reverse: [String: Set<String>] = [:]
        let partial = ProjectIndex(modules: byName, functions: functions, classes: classes)
        var resolutions: [String: String?] = [:]
        for module in byName.values {
            for call in module.calls {
                guard let callee = call.callee else { continue }
                let resolved: String?
                if let known = resolutions[callee] {
                    resolved = known
                } else {
                    resolved = partial.resolveFunction(callee)
                    resolutions[callee] = .some(resolved)
                }
                guard let target = resolved else { continue }
                graph[call.caller, default: []].insert(target)
                reverse[target, default: []].insert(call.caller)
            }
        }
        callGraph = graph.mapValues { $0.sorted() }
        reverseCallGraph = reverse.mapValues { $0.sorted() }
        self.resolutions = resolutions
        var subclasses: [String: [String]] = [:]
        for summary in classes.values.sorted(by: { $0.qualifiedName < $1.qualifiedName }) {
            for base in summary.bases { subclasses[partial.canonicalName(base), default: []].append(summary.qualifiedName) }
        }
        self.subclasses = subclasses
    }

    private init(modules: [String: ModuleSummary], functions: [String: FunctionSummary], classes: [String: ClassSummary]) {
        self.modules = modules
        self.functions = functions
        self.classes = classes
        moduleRoots = Set(modules.keys.map { String($0.split(separator: ".", maxSplits: 1).first ?? Substring($0)) })
        suffixModules = Self.suffixIndex(modules.keys)
        suffixRoots = Set(suffixModules.keys.map { String($0.split(separator: ".", maxSplits: 1).first ?? Substring($0)) })
        callGraph = [:]
        reverseCallGraph = [:]
        resolutions = [:]
        subclasses = [:]
    }

    /// Follows re-exports: `pkg.helper`, where `pkg/__init__.py` does `from .utils import
    /// helper`, becomes `pkg.utils.helper`. Returns the name unchanged when nothing applies.
    public func canonicalName(_ qualifiedName: String) -> String {
        var name = qualifiedName
        for _ in 0..<8 {
            if functions[name] != nil || classes[name] != nil || modules[name] != nil { return name }
            // Only a name inside a project module can be re-exported by it.
            guard let root = name.split(separator: ".", maxSplits: 1).first else { return name }
            guard moduleRoots.contains(String(root)) else {
                // `pgadmin.utils.f` imported, `web.pgadmin.utils` scanned: the module's full name.
                guard suffixRoots.contains(String(root)) else { return name }
                let parts = name.split(separator: ".").map(String.init)
                guard let cut = stride(from: parts.count, through: 1, by: -1).first(where: { suffixModules[parts[0..<$0].joined(separator: ".")] != nil }),
                      let full = suffixModules[parts[0..<cut].joined(separator: ".")] else { return name }
                name = ([full] + parts[cut...]).joined(separator: ".")
                continue
            }
            let parts = name.split(separator: ".").map(String.init)
            var rewritten: String?
            for cut in stride(from: parts.count - 1, through: 1, by: -1) {
                let moduleName = parts[0..<cut].joined(separator: ".")
                guard let module = modules[moduleName], let target = module.importAliases[parts[cut]] else { continue }
                rewritten = ([target] + parts[(cut + 1)...]).joined(separator: ".")
                break
            }
            guard let next = rewritten, next != name else { return name }
            name = next
        }
        return name
    }

    /// The project function a qualified callee refers to (a class resolves to its `__init__`).
    public func resolveFunction(_ qualifiedName: String) -> String? {
        if let known = resolutions[qualifiedName] { return known }
        let name = canonicalName(qualifiedName)
        if functions[name] != nil { return name }
        if classes[name] != nil, functions[name + ".__init__"] != nil { return name + ".__init__" }
        return nil
    }

    public func callees(of function: String) -> [String] { callGraph[function] ?? [] }
    public func callers(of function: String) -> [String] { reverseCallGraph[function] ?? [] }
}

extension ModuleSummary {
    /// The resolved names of the calls a function body returns, directly or through a local
    /// bound once (`thing = ThingImpl(); return thing`); nested definitions aside.
    static func returnedCalls(_ body: [StmtID], _ model: SemanticModel) -> (calls: [String], only: Bool) {
        let tree = model.tree
        var out: [String] = []
        var returns = 0, callReturns = 0
        var stack = body
        var steps = 0
        while let stmt = stack.popLast(), steps < 4096 {
            steps += 1
            switch tree[stmt].kind {
            case .functionDef, .asyncFunctionDef, .classDef: continue
            case .return(let value?):
                returns += 1
                var returned = value
                if case .name = tree[value].kind {
                    let defs = model.reachingBindings(of: value)
                    if defs.count == 1, case .assignment(let bound?) = model[defs[0]].kind { returned = bound }
                }
                if case .call(let function, _, _) = tree[returned].kind, let name = model.qualifiedName(of: function) {
                    callReturns += 1
                    if !out.contains(name) { out.append(name) }
                }
            case .return(nil):
                returns += 1
            default:
                break
            }
            for block in tree.childBodies(of: stmt) { stack.append(contentsOf: block) }
        }
        return (out, returns > 0 && callReturns == returns)
    }
}

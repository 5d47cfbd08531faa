import PythonSemantics
import PythonSyntax
import Synchronization

/// A call expression with its callee resolved: the view most rules start from. (A class, so
/// handing it to dozens of rules per call costs one retain, not one per array.)
public final class CallInfo: Sendable {
    public let id: ExprID
    /// The `func` part of the call.
    public let function: ExprID
    /// The callee's qualified name (`subprocess.Popen`), nil when unknown.
    public let name: String?
    public let args: [ExprID]
    public let keywords: [Keyword]

    /// The value passed for keyword `name`.
    public func keyword(_ name: String) -> ExprID? {
        keywords.first { $0.arg == name }?.value
    }

    /// The value passed as positional argument `index` or as keyword `name`.
    public func argument(_ index: Int, _ name: String? = nil) -> ExprID? {
        if index >= 0, index < args.count, !hasStarredPositional(upTo: index) { return args[index] }
        if let name { return keyword(name) }
        return nil
    }

    /// True when `*args` or `**kwargs` is passed, so an argument may be present unseen.
    public var hasUnpacking: Bool {
        keywords.contains { $0.arg == nil } || starredArgs
    }

    package let starredArgs: Bool
    package let starredIndex: Int?

    package init(id: ExprID, function: ExprID, name: String?, args: [ExprID], keywords: [Keyword], starredArgs: Bool, starredIndex: Int?) {
        self.id = id
        self.function = function
        self.name = name
        self.args = args
        self.keywords = keywords
        self.starredArgs = starredArgs
        self.starredIndex = starredIndex
    }

    package func hasStarredPositional(upTo index: Int) -> Bool {
        guard let star = starredIndex else { return false }
        return star <= index
    }
}

/// What the dataflow engine may ask about one module: its tree, source and semantic model, the
/// project view and the cross-module taint facts, with the module's flow facts and every call
/// resolved once. Immutable apart from its remembered answers, so one context serves every
/// question about a file from any thread. (`RuleContext` adds what turns a node into a finding.)
open class FlowContext: @unchecked Sendable {
    public let tree: SyntaxTree
    public let source: SourceFile
    public let model: SemanticModel
    public let project: ProjectIndex
    /// Parameters of project functions that calls elsewhere fill with request data.
    public let taintFacts: TaintFacts
    /// Unreachable code and container contents of this module (computed once, for all rules).
    public let flow: ModuleFlow
    /// The top-level packages the module imports (`flask` for `from flask.views import View`),
    /// once per file: rules ask "does this module use Django?" at every node.
    public let importedRoots: Set<String>
    /// The module's path as findings and flows name it (relative to the scan root where possible).
    public let path: String
    /// Every reachable call, resolved once for all rules (most rules start from calls).
    private let calls: [CallInfo?]
    /// Class scope → the request-handler framework its bases make it (`Taint.handlerFramework`),
    /// remembered: the question comes at every use of `self` in every method.
    package let handlerFrameworks = Mutex<[ScopeID: Framework?]>([:])

    /// Class name → the sink class it derives from, remembered: every rule asks about every call.
    package let sinkBases = Mutex<[String: String?]>([:])

    /// Expression → the statement that evaluates it (for the statements whose expressions
    /// `ownExpressions` lists, definitions aside), built on first use: rules ask where a call or
    /// a comparison sits, and a scan of every statement per question is quadratic.
    private let statementIndex = Mutex<[ExprID: StmtID]?>(nil)

    static func ownerIndex(_ tree: SyntaxTree) -> [ExprID: StmtID] {
        var index: [ExprID: StmtID] = [:]
        for position in tree.stmts.indices {
            let stmt = StmtID(Int32(position))
            switch tree[stmt].kind {
            case .functionDef, .asyncFunctionDef, .classDef: continue
            default: break
            }
            var stack = tree.ownExpressions(of: stmt)
            while let expr = stack.popLast() {
                index[expr] = stmt
                stack.append(contentsOf: tree.childExprs(of: expr))
            }
        }
        return index
    }

    /// The catalog class a project class derives from (`class Page(Cheetah.Template.Template)`), or nil.
    package func sinkBase(of name: String) -> String? {
        if let known = sinkBases.withLock({ $0[name] }) { return known }
        var base: String? = nil
        if project.classes[project.canonicalName(name)] != nil {
            base = project.firstBase(of: name) { SinkCatalog.listsAny($0) ? $0 : nil }
        }
        sinkBases.withLock { $0[name] = .some(base) }
        return base
    }

    /// Functions that read Django-only request attributes from a parameter named `request`
    /// (`request.GET`, `request.POST`, `request.META`, ...), computed once per module: a view in
    /// a module that never imports Django (its `urls.py` does) is still a Django view.
    public var djangoShapedFunctions: Set<ScopeID> {
        djangoShaped.withLock { cached in
            if let cached { return cached }
            var out: Set<ScopeID> = []
            for index in tree.exprs.indices {
                guard case .attribute(let base, let attr, _) = tree.exprs[index].kind, FlowContext.djangoOnlyAttributes.contains(attr),
                      case .name("request", _) = tree[base].kind, var scope = model.scope(of: ExprID(Int32(index))) else { continue }
                // A use inside a comprehension or lambda belongs to the function around it.
                while model[scope].kind != .function, let parent = model[scope].parent { scope = parent }
                out.insert(scope)
            }
            cached = out
            return out
        }
    }
    package let djangoShaped = Mutex<Set<ScopeID>?>(nil)
    package static let djangoOnlyAttributes: Set<String> = ["GET", "POST", "COOKIES", "META", "FILES"]

    /// `flow` is the module's flow facts when the caller already has them (the project pass
    /// builds a file's contexts several times, the facts once).
    public init(tree: SyntaxTree, source: SourceFile, model: SemanticModel, path: String, project: ProjectIndex = .empty,
                taintFacts: TaintFacts = .empty, flow: ModuleFlow? = nil) {
        self.tree = tree
        self.source = source
        self.model = model
        self.path = path
        self.project = project
        self.taintFacts = taintFacts
        self.flow = flow ?? ModuleFlow(model: model)
        var roots: Set<String> = []
        for binding in model.bindings {
            guard case .imported(let name) = binding.kind else { continue }
            roots.insert(name.split(separator: ".").first.map(String.init) ?? name)
        }
        self.importedRoots = roots
        var calls = [CallInfo?](repeating: nil, count: tree.exprs.count)
        for index in tree.exprs.indices {
            let id = ExprID(Int32(index))
            guard case .call(let function, let args, let keywords) = tree.exprs[index].kind, model.scope(of: id) != nil else { continue }
            calls[index] = Self.callInfo(id, function, args, keywords, tree, model)
        }
        self.calls = calls
    }

    // MARK: Asking the model

    /// The call at `id` with its callee resolved; nil when `id` is not a call.
    public func call(_ id: ExprID) -> CallInfo? {
        if id.index >= 0, Int(id.index) < calls.count, let cached = calls[Int(id.index)] { return cached }
        guard case .call(let function, let args, let keywords) = tree[id].kind else { return nil }
        return Self.callInfo(id, function, args, keywords, tree, model)
    }

    /// Bound methods and partial applications, for the function they call: a call of `get`
    /// after `get = request.args.get` is a call of that method; a call of `run` after `run =
    /// functools.partial(subprocess.call, shell=True)` (or of `functools.partial(f, a)` itself)
    /// is a call of `subprocess.call` with the arguments bound first and the call's own after
    /// (its keywords first, so they override the bound ones).
    static let partialFunctions: Set<String> = ["functools.partial"]

    static func callInfo(_ id: ExprID, _ function: ExprID, _ args: [ExprID], _ keywords: [Keyword], _ tree: SyntaxTree, _ model: SemanticModel) -> CallInfo {
        var callee = function, args = args, keywords = keywords
        var partial = function
        if case .name = tree[function].kind, let bound = model.assignedValue(of: function) { partial = bound }
        if case .call(let maker, let bound, let boundKeywords) = tree[partial].kind, let first = bound.first,
           model.qualifiedName(of: maker).map(partialFunctions.contains) == true {
            if case .starred = tree[first].kind {} else {
                callee = first
                args = Array(bound.dropFirst()) + args
                keywords = keywords + boundKeywords
            }
        } else if case .attribute = tree[partial].kind, partial != function {
            // `get = request.args.get`, then `get("x")`: the bound method it holds.
            callee = partial
        }
        let starIndex = args.firstIndex { if case .starred = tree[$0].kind { return true } else { return false } }
        return CallInfo(id: id, function: callee, name: model.qualifiedName(of: callee), args: args, keywords: keywords,
                        starredArgs: starIndex != nil, starredIndex: starIndex)
    }


    public func qualifiedName(_ expr: ExprID) -> String? { model.qualifiedName(of: expr) }

    /// The innermost statement whose source range holds `expr`.
    public func statement(containing expr: ExprID) -> StmtID? {
        if let owner = statementIndex.withLock({ index -> StmtID? in
            if index == nil { index = Self.ownerIndex(tree) }
            return index?[expr]
        }) { return owner }
        let range = tree[expr].range
        var best: StmtID?
        var bestSize = Int32.max
        for index in tree.stmts.indices {
            let candidate = tree.stmts[index].range
            guard candidate.start <= range.start, candidate.end >= range.end else { continue }
            let size = candidate.end - candidate.start
            if size < bestSize {
                bestSize = size
                best = StmtID(Int32(index))
            }
        }
        return best
    }

    /// The sinks of `kind` this call is (rows of `SinkCatalog`), each with the argument that
    /// carries data into it.
    public func sinks(_ call: CallInfo, _ kind: SinkKind) -> [SinkMatch] {
        let found = SinkCatalog.matches(call, kind: kind, in: model)
        // (Only a class can be derived from a sink class: most calls are not, and the project
        // look-up is not free.)
        guard found.isEmpty, let name = call.name, let first = name.split(separator: ".").last?.first, first.isUppercase,
              let base = sinkBase(of: name), SinkCatalog.lists(base, kind: kind) else { return found }
        // A project class derived from a sink class (`class Page(Template)`, then `Page(src)`).
        return SinkCatalog.matches(call, kind: kind, in: model, calleeName: base)
    }

    /// How a finding names a sink's callee: the function, or the receiver's text and the method.
    public func sinkName(_ match: SinkMatch) -> String {
        guard let receiver = match.receiver else { return match.callee }
        return text(receiver, limit: 30) + match.callee
    }
    public func constant(_ expr: ExprID) -> ConstantValue? { model.constantValue(of: expr) }
    public func string(_ expr: ExprID) -> String? { model.constantString(of: expr) }
    public func int(_ expr: ExprID) -> Int? { model.constantInt(of: expr) }

    /// Is the value of `expr` text the program itself fixes: a constant, a local bound only to
    /// constants, a loop variable over a literal of constants, `"sep".join(items)` or an
    /// element of a local list/tuple whose every stored value is a constant (the container
    /// facts of `flow`)?
    public func isProgramText(_ expr: ExprID, depth: Int = 0) -> Bool {
        guard depth < 8 else { return false }
        if constant(expr) != nil { return true }
        if let stored = flow.elementSources[expr] ?? flow.containerContents[expr] {
            return !stored.isEmpty && stored.allSatisfy { isProgramText($0, depth: depth + 1) }
        }
        switch tree[expr].kind {
        case .name:
            // (A binding in code that never runs, such as the other arm of `if 7 * 42 - n > 200:`,
            // gives the name no value.)
            let defs = model.reachingBindings(of: expr).filter { def in model[def].statement.map { !flow.isUnreachable($0) } ?? true }
            guard !defs.isEmpty else { return false }
            return defs.allSatisfy { def in
                switch model[def].kind {
                case .assignment(let value?): return isProgramText(value, depth: depth + 1)
                case .augmentedAssignment(.add, let added):
                    // `copy += "suffix"`: what it held before, and what was added.
                    guard let stmt = model[def].statement, case .augAssign(let target, _, _) = tree[stmt].kind else { return false }
                    return isProgramText(added, depth: depth + 1) && isProgramText(target, depth: depth + 1)
                case .loopTarget(let iterable):
                    switch tree[iterable].kind {
                    case .list(let elts, _), .tuple(let elts, _), .set(let elts):
                        return !elts.isEmpty && elts.allSatisfy { constant($0) != nil }
                    default: return isProgramText(iterable, depth: depth + 1) && flow.containerContents[iterable] != nil
                    }
                default: return false
                }
            }
        case .list(let elts, _), .tuple(let elts, _):
            return elts.allSatisfy { isProgramText($0, depth: depth + 1) }
        case .call(let function, let args, let keywords):
            // `", ".join(parts)` of program text.
            guard case .attribute(let base, "join", _) = tree[function].kind, constant(base) != nil, args.count == 1, keywords.isEmpty else { return false }
            return isProgramText(args[0], depth: depth + 1)
        default:
            return false
        }
    }

    /// Is every run-time part of `expr` a local that a check has restricted to a safe shape or
    /// to a constant set where `expr` is evaluated (`if op not in ALLOWED: abort(400)`, `if not
    /// re.fullmatch("[a-z0-9.]+", host): raise ...`, see `GuardedNames`)?
    public func isRestrictedByChecks(_ expr: ExprID) -> Bool {
        let holes = model.stringShape(of: expr).holes
        return !holes.isEmpty && holes.allSatisfy { hole in
            guard case .name(let id, _) = tree[hole].kind else { return false }
            return flow.isGuarded(id, at: hole)
        }
    }

    /// The constant text a built string starts with, up to its first run-time part: for a
    /// template, up to its first placeholder (`"https://{}/x".format(host)` and `"https://%s/x" %
    /// host` start with `https://`, not with the whole template). Nil when it starts with a hole.
    public func constantPrefix(of expr: ExprID) -> Substring? {
        guard case .literal(let literal)? = model.stringShape(of: expr).parts.first else { return nil }
        // A local holding a template (`url = "https://{}/x".format(h)`): the template decides.
        var built = expr
        for _ in 0..<4 {
            guard case .name = tree[built].kind, let value = model.assignedValue(of: built) else { break }
            built = value
        }
        let placeholder: Character
        switch tree[built].kind {
        case .call: placeholder = "{"
        case .binOp(_, .mod, _): placeholder = "%"
        default: return Substring(literal)
        }
        var index = literal.startIndex
        while let found = literal[index...].firstIndex(of: placeholder) {
            let next = literal.index(after: found)
            if next < literal.endIndex, literal[next] == placeholder { index = literal.index(after: next); continue }
            return literal[..<found]
        }
        return Substring(literal)
    }

    /// Is the expression a constant that Python considers true?
    public func isTrue(_ expr: ExprID?) -> Bool {
        guard let expr, let value = constant(expr) else { return false }
        return value.isTruthy
    }

    /// Is the expression a constant that Python considers false?
    public func isFalse(_ expr: ExprID?) -> Bool {
        guard let expr, let value = constant(expr) else { return false }
        return !value.isTruthy
    }

    /// The name an assignment target writes: `x` → `x`, `self.secret_key` → `secret_key`,
    /// `app.config["SECRET_KEY"]` → `SECRET_KEY` (constant subscripts only).
    public func assignedName(_ target: ExprID) -> String? {
        switch tree[target].kind {
        case .name(let id, _): return id
        case .attribute(_, let attr, _): return attr
        case .subscript(_, let slice, _): return string(slice)
        default: return nil
        }
    }

    /// The source text of a node, shortened to `limit` characters for messages.
    public func text(_ expr: ExprID, limit: Int = 60) -> String {
        let full = source.text(tree[expr].range).split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        return full.count <= limit ? full : String(full.prefix(limit - 1)) + "…"
    }
}

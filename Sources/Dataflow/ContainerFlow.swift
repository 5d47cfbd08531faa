import PythonSemantics
import PythonSyntax

/// The values that may sit in one place of a container: the expressions that stored them.
typealias Slot = [ExprID]

/// What is known about a local container at one program point.
struct ContainerState: Equatable {
    enum Shape: Equatable {
        /// Lists, deques and tuples: slots in order.
        case sequence([Slot])
        /// Dicts and config parsers: slots by key (see `ContainerFlow.key`).
        case mapping([String: Slot])
    }
    var kind: ContainerKind
    var shape: Shape

    /// Every value stored, in slot order (keys sorted, so the result does not depend on hashing).
    var allValues: [ExprID] {
        switch shape {
        case .sequence(let slots): return slots.flatMap { $0 }
        case .mapping(let slots): return slots.keys.sorted().flatMap { slots[$0] ?? [] }
        }
    }

    /// The state after two paths meet: slot-wise union; nil when the shapes disagree (lists of
    /// different lengths), which makes the container unknown.
    static func join(_ a: ContainerState, _ b: ContainerState) -> ContainerState? {
        guard a.kind == b.kind else { return nil }
        switch (a.shape, b.shape) {
        case (.sequence(let x), .sequence(let y)):
            guard x.count == y.count else { return nil }
            return ContainerState(kind: a.kind, shape: .sequence(zip(x, y).map { union($0, $1) }))
        case (.mapping(let x), .mapping(let y)):
            var merged = x
            for (key, slot) in y { merged[key] = union(merged[key] ?? [], slot) }
            return ContainerState(kind: a.kind, shape: .mapping(merged))
        default:
            return nil
        }
    }

    static func union(_ a: Slot, _ b: Slot) -> Slot {
        var out = a
        for e in b where !out.contains(e) { out.append(e) }
        return out
    }
}

/// The forward pass behind `ModuleFlow`'s container facts. Each function body (and the module
/// body) is walked once in statement order with an environment from local names to container
/// states. Branches are walked from copies and joined; a loop or `try` body forgets every
/// container it mentions (the pass does not iterate to a fixed point, it gives up precision
/// instead); a container that escapes (passed to an unknown call, aliased, captured by a nested
/// function, declared `global`) is forgotten, and a read of a forgotten container records
/// nothing, so request-data tracking falls back to treating the container as one value.
struct ContainerFlow {
    typealias Env = [String: ContainerState]

    let model: SemanticModel
    let tree: SyntaxTree
    let unreachable: Set<StmtID>
    private(set) var elementSources: [ExprID: [ExprID]] = [:]
    private(set) var containerContents: [ExprID: [ExprID]] = [:]
    /// Names that may not be tracked in the body being walked.
    private var untrackable: Set<String> = []
    private var scope = ScopeID(0)
    /// A bound on the work of one body, whatever its shape.
    private var budget = 0

    init(model: SemanticModel, unreachable: Set<StmtID>) {
        self.model = model
        self.tree = model.tree
        self.unreachable = unreachable
    }

    mutating func run() {
        for (index, scope) in model.scopes.enumerated() {
            let id = ScopeID(Int32(index))
            let body: [StmtID]
            switch (scope.kind, scope.node) {
            case (.module, _):
                body = tree.body
            case (.function, .statement(let stmt)):
                switch tree[stmt].kind {
                case .functionDef(let def), .asyncFunctionDef(let def): body = def.body
                default: continue
                }
            default:
                continue
            }
            self.scope = id
            untrackable = []
            budget = 200_000
            var env: Env? = [:]
            walk(body, &env)
        }
    }

    // MARK: Statements

    /// Walks a block; `env` becomes nil when control cannot fall out of it.
    mutating func walk(_ block: [StmtID], _ env: inout Env?) {
        for stmt in block {
            guard env != nil, budget > 0 else { return }
            budget -= 1
            if unreachable.contains(stmt) { continue }
            statement(stmt, &env)
        }
    }

    mutating func statement(_ stmt: StmtID, _ env: inout Env?) {
        guard var current = env else { return }
        switch tree[stmt].kind {
        case .expr(let value):
            visit(value, &current)
        case .assign(let targets, let value, _):
            visit(value, &current)
            for target in targets { assign(target, value: value, &current) }
        case .annAssign(let target, _, let value, _):
            if let value {
                visit(value, &current)
                assign(target, value: value, &current)
            }
        case .augAssign(let target, let op, let value):
            visit(value, &current)
            augmented(target, op, value, &current)
        case .delete(let targets):
            for target in targets { delete(target, &current) }
        case .if(let test, let body, let orelse):
            visit(test, &current)
            let condition = ReachableCode.settled(test, model)
            var then: Env? = condition == false ? nil : current
            var other: Env? = condition == true ? nil : current
            if then != nil { walk(body, &then) }
            if other != nil { walk(orelse, &other) }
            env = join(then, other)
            return
        case .for(let target, let iter, let body, let orelse, _), .asyncFor(let target, let iter, let body, let orelse, _):
            visit(iter, &current, readOnly: true)
            forget(mentionedIn: body + orelse, &current)
            forgetNames(in: target, &current)
            var inside: Env? = current
            walk(body, &inside)
            var after: Env? = current
            walk(orelse, &after)
            env = join(after, current)
            return
        case .while(let test, let body, let orelse):
            forget(mentionedIn: body + orelse, &current)
            visit(test, &current)
            var inside: Env? = ReachableCode.settled(test, model) == false ? nil : current
            walk(body, &inside)
            var after: Env? = current
            walk(orelse, &after)
            env = join(after, current)
            return
        case .with(let items, let body, _), .asyncWith(let items, let body, _):
            for item in items {
                visit(item.contextExpr, &current)
                if let target = item.optionalVars { forgetNames(in: target, &current) }
            }
            env = current
            walk(body, &env)
            return
        case .try(let body, let handlers, let orelse, let finalbody), .tryStar(let body, let handlers, let orelse, let finalbody):
            // Any statement of the body may raise, so the handlers and what follows see the
            // containers the body touches as unknown.
            var start = current
            forget(mentionedIn: body + handlers.flatMap(\.body) + orelse, &start)
            var inside: Env? = current
            walk(body, &inside)
            for handler in handlers {
                var branch: Env? = start
                if let name = handler.name { branch?.removeValue(forKey: name) }
                walk(handler.body, &branch)
            }
            var other: Env? = start
            walk(orelse, &other)
            var after: Env? = start
            walk(finalbody, &after)
            env = after
            return
        case .match(let subject, let cases):
            visit(subject, &current)
            var start = current
            forget(mentionedIn: cases.flatMap(\.body), &start)
            var result: Env? = nil
            for matchCase in cases {
                var branch: Env? = start
                if let guardExpr = matchCase.guardExpr, branch != nil { visit(guardExpr, &branch!) }
                walk(matchCase.body, &branch)
                result = join(result, branch)
            }
            // No case may match.
            env = join(result, start)
            return
        case .return(let value):
            if let value { visit(value, &current) }
            env = nil
            return
        case .raise(let exc, let cause):
            if let exc { visit(exc, &current) }
            if let cause { visit(cause, &current) }
            env = nil
            return
        case .break, .continue:
            env = nil
            return
        case .assert(let test, let msg):
            visit(test, &current)
            if let msg { visit(msg, &current) }
        case .functionDef(let def), .asyncFunctionDef(let def):
            for decorator in def.decoratorList { visit(decorator, &current) }
            for value in tree.defaults(of: def.args) { visit(value, &current) }
            current.removeValue(forKey: def.name)
            forgetCaptured(by: stmt, &current)
        case .classDef(let def):
            for decorator in def.decoratorList { visit(decorator, &current) }
            for base in def.bases { visit(base, &current) }
            current.removeValue(forKey: def.name)
            forgetCaptured(by: stmt, &current)
        case .global(let names), .nonlocal(let names):
            for name in names {
                untrackable.insert(name)
                current.removeValue(forKey: name)
            }
        case .import(let names), .importFrom(_, let names, _):
            for alias in names {
                let bound = alias.asname ?? String(alias.name.split(separator: ".").first ?? Substring(alias.name))
                current.removeValue(forKey: bound)
            }
        case .typeAlias(let name, _, _):
            forgetNames(in: name, &current)
        case .pass:
            break
        }
        env = current
    }

    func join(_ a: Env?, _ b: Env?) -> Env? {
        guard let a else { return b }
        guard let b else { return a }
        var out: Env = [:]
        for (name, x) in a {
            if let y = b[name], let merged = ContainerState.join(x, y) { out[name] = merged }
        }
        return out
    }

    /// Forgets every tracked container named anywhere in these statements (loops, `try`).
    func forget(mentionedIn block: [StmtID], _ env: inout Env) {
        guard !env.isEmpty else { return }
        var stmts = block
        var exprs: [ExprID] = []
        var steps = 0
        while let stmt = stmts.popLast() {
            steps += 1
            if steps > 50_000 { env.removeAll(); return }
            exprs.append(contentsOf: expressions(of: stmt))
            for child in tree.childBodies(of: stmt) { stmts.append(contentsOf: child) }
            if case .global(let names) = tree[stmt].kind { for name in names { env.removeValue(forKey: name) } }
        }
        while let expr = exprs.popLast(), !env.isEmpty {
            steps += 1
            if steps > 200_000 { env.removeAll(); return }
            if case .name(let id, _) = tree[expr].kind { env.removeValue(forKey: id) }
            exprs.append(contentsOf: tree.childExprs(of: expr))
        }
    }

    /// Forgets containers a nested function or class reads or changes (a closure may run later).
    func forgetCaptured(by stmt: StmtID, _ env: inout Env) {
        forget(mentionedIn: tree.childBodies(of: stmt).flatMap { $0 }, &env)
    }

    func forgetNames(in target: ExprID, _ env: inout Env) {
        var stack = [target]
        while let next = stack.popLast() {
            switch tree[next].kind {
            case .name(let id, _): env.removeValue(forKey: id)
            case .tuple(let elts, _), .list(let elts, _): stack.append(contentsOf: elts)
            case .starred(let value, _): stack.append(value)
            default: break
            }
        }
    }

    func expressions(of stmt: StmtID) -> [ExprID] { tree.ownExpressions(of: stmt) }

    // MARK: Assignments

    mutating func assign(_ target: ExprID, value: ExprID, _ env: inout Env) {
        switch tree[target].kind {
        case .name(let id, _):
            if let state = initialState(value, env), canTrack(id) { env[id] = state } else { env.removeValue(forKey: id) }
        case .tuple(let elts, _), .list(let elts, _):
            // `a, b = [], {}`: element-wise when the value is a literal of the same length.
            if case .tuple(let values, _) = tree[value].kind, values.count == elts.count,
               !values.contains(where: { if case .starred = tree[$0].kind { return true } else { return false } }) {
                for (elt, part) in zip(elts, values) { assign(elt, value: part, &env) }
            } else {
                forgetNames(in: target, &env)
            }
        case .subscript(let base, let slice, _):
            visit(slice, &env)
            store(base: base, slice: slice, value: value, &env)
        case .attribute(let base, _, _):
            visit(base, &env)
        case .starred(let inner, _):
            forgetNames(in: inner, &env)
        default:
            break
        }
    }

    /// `d[k] = v`, `items[0] = v`, `conf["section"]["option"] = v`.
    mutating func store(base: ExprID, slice: ExprID, value: ExprID, _ env: inout Env) {
        if case .subscript(let inner, let section, _) = tree[base].kind, case .name(let id, _) = tree[inner].kind,
           var state = env[id], state.kind == .configParser {
            guard let key = configKey(section, slice), case .mapping(var slots) = state.shape else { env.removeValue(forKey: id); return }
            slots[key] = [value]
            state.shape = .mapping(slots)
            env[id] = state
            return
        }
        guard case .name(let id, _) = tree[base].kind else { visit(base, &env); return }
        guard var state = env[id] else { return }
        switch state.shape {
        case .mapping(var slots) where state.kind == .dict:
            guard let key = key(slice) else { env.removeValue(forKey: id); return }
            slots[key] = [value]
            state.shape = .mapping(slots)
        case .sequence(var slots) where state.kind == .list:
            guard let index = model.constantInt(of: slice), let at = position(index, slots.count) else { env.removeValue(forKey: id); return }
            slots[at] = [value]
            state.shape = .sequence(slots)
        default:
            env.removeValue(forKey: id)
            return
        }
        env[id] = state
    }

    mutating func augmented(_ target: ExprID, _ op: BinaryOperator, _ value: ExprID, _ env: inout Env) {
        guard case .name(let id, _) = tree[target].kind else {
            if case .subscript(let base, _, _) = tree[target].kind { forgetNames(in: base, &env) }
            return
        }
        guard var state = env[id] else { return }
        // `items += [a, b]` extends a list by a literal.
        if op == .add, state.kind == .list, case .sequence(let slots) = state.shape, let added = literalElements(value) {
            state.shape = .sequence(slots + added.map { [$0] })
            env[id] = state
        } else {
            env.removeValue(forKey: id)
        }
    }

    mutating func delete(_ target: ExprID, _ env: inout Env) {
        switch tree[target].kind {
        case .name(let id, _):
            env.removeValue(forKey: id)
        case .subscript(let base, let slice, _):
            guard case .name(let id, _) = tree[base].kind, var state = env[id] else { visit(target, &env); return }
            switch state.shape {
            case .mapping(var slots) where state.kind == .dict:
                guard let key = key(slice) else { env.removeValue(forKey: id); return }
                slots.removeValue(forKey: key)
                state.shape = .mapping(slots)
            case .sequence(var slots) where state.kind == .list:
                guard let index = model.constantInt(of: slice), let at = position(index, slots.count) else { env.removeValue(forKey: id); return }
                slots.remove(at: at)
                state.shape = .sequence(slots)
            default:
                env.removeValue(forKey: id)
                return
            }
            env[id] = state
        default:
            forgetNames(in: target, &env)
        }
    }

    /// A name may be tracked when the function owns it: not declared `global`/`nonlocal`, and
    /// not read or written by a nested scope or (for module-level names) by any function.
    func canTrack(_ name: String) -> Bool {
        guard !untrackable.contains(name) else { return false }
        for binding in model.bindings(named: name, in: scope) {
            for use in model.uses(of: binding) {
                guard let useScope = model.scope(of: use) else { continue }
                if useScope != scope && model[useScope].kind != .comprehension { return false }
            }
        }
        return true
    }

    /// The state a value starts a container with, when it builds one.
    func initialState(_ value: ExprID, _ env: Env) -> ContainerState? {
        switch tree[value].kind {
        case .list:
            guard let slots = literalElements(value) else { return nil }
            return ContainerState(kind: .list, shape: .sequence(slots.map { [$0] }))
        case .tuple:
            guard let slots = literalElements(value) else { return nil }
            return ContainerState(kind: .tuple, shape: .sequence(slots.map { [$0] }))
        case .dict(let keys, let values):
            var slots: [String: Slot] = [:]
            for (key, element) in zip(keys, values) {
                guard let key, let k = self.key(key) else { return nil }
                slots[k] = [element]
            }
            return ContainerState(kind: .dict, shape: .mapping(slots))
        case .call(let function, let args, let keywords):
            // `items.copy()` and `list(items)` / `dict(d)` copy a tracked container.
            if case .attribute(let receiver, "copy", _) = tree[function].kind, args.isEmpty, case .name(let id, _) = tree[receiver].kind,
               let state = env[id], state.kind != .configParser {
                return state
            }
            guard let name = model.qualifiedName(of: function), let kind = ContainerModels.constructors[name] else { return nil }
            switch kind {
            case .configParser:
                return ContainerState(kind: .configParser, shape: .mapping([:]))
            case .dict:
                var slots: [String: Slot] = [:]
                if let first = args.first {
                    guard args.count == 1, case .name(let id, _) = tree[first].kind, let state = env[id], state.kind == .dict,
                          case .mapping(let copied) = state.shape else { return nil }
                    slots = copied
                }
                for keyword in keywords {
                    guard let arg = keyword.arg else { return nil }
                    slots["s" + arg] = [keyword.value]
                }
                return ContainerState(kind: .dict, shape: .mapping(slots))
            case .list, .tuple:
                guard keywords.isEmpty || name == "collections.deque" else { return nil }
                guard let first = args.first else { return ContainerState(kind: .list, shape: .sequence([])) }
                if let elements = literalElements(first) { return ContainerState(kind: .list, shape: .sequence(elements.map { [$0] })) }
                if case .name(let id, _) = tree[first].kind, let state = env[id], state.kind == .list || state.kind == .tuple {
                    return ContainerState(kind: .list, shape: state.shape)
                }
                return nil
            }
        default:
            return nil
        }
    }

    /// The elements of a list or tuple literal without `*` unpacking.
    func literalElements(_ expr: ExprID) -> [ExprID]? {
        switch tree[expr].kind {
        case .list(let elts, _), .tuple(let elts, _):
            for elt in elts { if case .starred = tree[elt].kind { return nil } }
            return elts
        default:
            return nil
        }
    }

    /// A constant dict key, tagged by type (`"a"` and `1` are different keys, `1` and `True`
    /// the same, as in Python).
    func key(_ expr: ExprID) -> String? {
        switch model.constantValue(of: expr) {
        case .str(let s)?: return "s" + s
        case .int(let i)?: return "i" + String(i)
        case .bool(let b)?: return "i" + (b ? "1" : "0")
        default: return nil
        }
    }

    /// A config parser key: the section as written, the option lower-cased (`optionxform`).
    func configKey(_ section: ExprID, _ option: ExprID) -> String? {
        guard let s = model.constantString(of: section), let o = model.constantString(of: option) else { return nil }
        return "c" + s + "\u{0}" + o.lowercased()
    }

    func position(_ index: Int, _ count: Int) -> Int? {
        let at = index < 0 ? count + index : index
        return at >= 0 && at < count ? at : nil
    }

    // MARK: Expressions

    /// Walks an expression: applies the effects of container methods, records reads of tracked
    /// containers, and forgets containers that escape. `readOnly` marks a bare container
    /// name in a position that only reads it (iterated by `for`).
    mutating func visit(_ root: ExprID, _ env: inout Env, readOnly: Bool = false) {
        var stack: [(ExprID, Bool)] = [(root, readOnly)]
        while let (expr, isRead) = stack.popLast() {
            budget -= 1
            guard budget > 0 else { env.removeAll(); return }
            switch tree[expr].kind {
            case .call(let function, let args, let keywords):
                if case .attribute(let receiver, let method, _) = tree[function].kind, case .name(let id, _) = tree[receiver].kind,
                   let state = env[id] {
                    self.method(call: expr, id, state, method, args, keywords, &env)
                    for arg in args.reversed() { stack.append((arg, false)) }
                    for keyword in keywords.reversed() { stack.append((keyword.value, false)) }
                    continue
                }
                // Arguments of calls known only to read them stay tracked.
                let readOnlyCallee: Bool = {
                    if let name = model.qualifiedName(of: function), ContainerModels.readOnlyCallees.contains(name) { return true }
                    if case .attribute(_, let method, _) = tree[function].kind, ContainerModels.readOnlyMethods.contains(method) { return true }
                    return false
                }()
                for keyword in keywords.reversed() { stack.append((keyword.value, readOnlyCallee)) }
                for arg in args.reversed() { stack.append((arg, readOnlyCallee)) }
                stack.append((function, false))
            case .subscript(let base, let slice, let ctx) where ctx == .load:
                if case .name(let id, _) = tree[base].kind, let state = env[id] {
                    read(subscript: expr, state, slice)
                    stack.append((slice, false))
                    continue
                }
                // `conf["section"]["option"]`
                if case .subscript(let inner, let section, _) = tree[base].kind, case .name(let id, _) = tree[inner].kind,
                   let state = env[id], state.kind == .configParser, case .mapping(let slots) = state.shape {
                    if let key = configKey(section, slice) { elementSources[expr] = slots[key] ?? [] }
                    stack.append((slice, false))
                    stack.append((section, false))
                    continue
                }
                stack.append((slice, false))
                stack.append((base, false))
            case .name(let id, let ctx) where ctx == .load:
                guard let state = env[id] else { continue }
                containerContents[expr] = state.allValues
                if !isRead { env.removeValue(forKey: id) }
            case .compare(let left, let ops, let comparators):
                // `x in items` only reads `items`.
                stack.append((left, false))
                for (op, right) in zip(ops, comparators).reversed() { stack.append((right, op == .in || op == .notIn)) }
            case .formattedValue(let value, _, let spec):
                if let spec { stack.append((spec, false)) }
                stack.append((value, true))
            case .lambda, .listComp, .setComp, .dictComp, .generatorExp:
                // A nested scope: reads and writes inside it are not followed; a tracked name
                // in it is forgotten (the nested code may run later or change it).
                var inner = tree.childExprs(of: expr)
                while let next = inner.popLast() {
                    if case .name(let id, _) = tree[next].kind { env.removeValue(forKey: id) }
                    inner.append(contentsOf: tree.childExprs(of: next))
                }
            default:
                for child in tree.childExprs(of: expr).reversed() { stack.append((child, false)) }
            }
        }
    }

    /// `items[i]`, `d[key]`, `t[1:]`.
    mutating func read(subscript expr: ExprID, _ state: ContainerState, _ slice: ExprID) {
        switch state.shape {
        case .sequence(let slots):
            if let index = model.constantInt(of: slice) {
                elementSources[expr] = position(index, slots.count).map { slots[$0] } ?? []
            } else {
                elementSources[expr] = state.allValues
            }
        case .mapping(let slots):
            if state.kind == .configParser { return }
            if let key = key(slice) { elementSources[expr] = slots[key] ?? [] } else { elementSources[expr] = state.allValues }
        }
    }

    /// A method call on a tracked container.
    mutating func method(call: ExprID, _ id: String, _ state: ContainerState, _ name: String, _ args: [ExprID], _ keywords: [Keyword],
                         _ env: inout Env) {
        guard let effect = ContainerModels.methods[state.kind]?[name], !args.contains(where: isStarred), keywords.allSatisfy({ $0.arg != nil }) || effect == .update else {
            env.removeValue(forKey: id)
            return
        }
        var next = state
        switch (effect, state.shape) {
        case (.append, .sequence(let slots)) where args.count == 1:
            next.shape = .sequence(slots + [[args[0]]])
        case (.appendLeft, .sequence(let slots)) where args.count == 1:
            next.shape = .sequence([[args[0]]] + slots)
        case (.insert, .sequence(var slots)) where args.count == 2:
            guard let index = model.constantInt(of: args[0]) else { env.removeValue(forKey: id); return }
            // `insert` clamps like a slice: before the start, or at the end.
            let at = index < 0 ? max(0, slots.count + index) : min(index, slots.count)
            slots.insert([args[1]], at: at)
            next.shape = .sequence(slots)
        case (.extend, .sequence(let slots)) where args.count == 1:
            guard let added = literalElements(args[0]) else { env.removeValue(forKey: id); return }
            next.shape = .sequence(slots + added.map { [$0] })
        case (.extendLeft, .sequence(let slots)) where args.count == 1:
            guard let added = literalElements(args[0]) else { env.removeValue(forKey: id); return }
            next.shape = .sequence(added.reversed().map { [$0] } + slots)
        case (.pop, .sequence(var slots)) where args.count <= 1:
            let index = args.isEmpty ? -1 : model.constantInt(of: args[0])
            guard let index, let at = position(index, slots.count) else { env.removeValue(forKey: id); return }
            elementSources[call] = slots.remove(at: at)
            next.shape = .sequence(slots)
        case (.popLeft, .sequence(var slots)) where args.isEmpty:
            guard !slots.isEmpty else { env.removeValue(forKey: id); return }
            elementSources[call] = slots.removeFirst()
            next.shape = .sequence(slots)
        case (.clear, .sequence):
            next.shape = .sequence([])
        case (.clear, .mapping):
            next.shape = .mapping([:])
        case (.reverse, .sequence(let slots)):
            next.shape = .sequence(slots.reversed())
        case (.readAll, _):
            elementSources[call] = state.allValues
        case (.readKeys, _):
            elementSources[call] = []
        case (.none, _):
            break
        case (.get, .mapping(let slots)) where state.kind == .dict && (1...2).contains(args.count):
            guard let key = key(args[0]) else { elementSources[call] = state.allValues + args.dropFirst(); return }
            elementSources[call] = slots[key] ?? Array(args.dropFirst())
        case (.get, .mapping(let slots)) where state.kind == .configParser && args.count == 2:
            guard let key = configKey(args[0], args[1]) else { elementSources[call] = state.allValues; return }
            // A `fallback=` keyword is what a missing option returns.
            elementSources[call] = slots[key] ?? keywords.filter { $0.arg == "fallback" }.map(\.value)
        case (.pop, .mapping(var slots)) where (1...2).contains(args.count):
            guard let key = key(args[0]) else { env.removeValue(forKey: id); return }
            elementSources[call] = slots.removeValue(forKey: key) ?? Array(args.dropFirst())
            next.shape = .mapping(slots)
        case (.setDefault, .mapping(var slots)) where args.count == 2:
            guard let key = key(args[0]) else { env.removeValue(forKey: id); return }
            if let existing = slots[key] {
                elementSources[call] = existing
            } else {
                slots[key] = [args[1]]
                elementSources[call] = [args[1]]
            }
            next.shape = .mapping(slots)
        case (.update, .mapping(var slots)):
            if let first = args.first {
                guard args.count == 1, case .dict(let keys, let values) = tree[first].kind else { env.removeValue(forKey: id); return }
                for (key, value) in zip(keys, values) {
                    guard let key, let k = self.key(key) else { env.removeValue(forKey: id); return }
                    slots[k] = [value]
                }
            }
            for keyword in keywords {
                guard let arg = keyword.arg else { env.removeValue(forKey: id); return }
                slots["s" + arg] = [keyword.value]
            }
            next.shape = .mapping(slots)
        case (.set, .mapping(var slots)) where args.count == 3:
            guard let key = configKey(args[0], args[1]) else { env.removeValue(forKey: id); return }
            slots[key] = [args[2]]
            next.shape = .mapping(slots)
        default:
            env.removeValue(forKey: id)
            return
        }
        env[id] = next
    }

    func isStarred(_ expr: ExprID) -> Bool {
        if case .starred = tree[expr].kind { return true }
        return false
    }
}

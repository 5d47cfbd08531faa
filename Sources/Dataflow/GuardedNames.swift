import PythonSemantics
import PythonSyntax

/// Which local names a check has restricted to a safe shape at each statement (see `Guards`):
/// inside `if x.isdigit():`, in the `else` of `if not re.fullmatch(P, x):`, after
/// `if x not in ALLOWED: return ...` / `raise` / `abort(400)`, and after `assert x.isalnum()`.
/// A check that does not end the path when it fails (`if x.isalnum(): log()` then the use)
/// restricts nothing.
///
/// Checks come in families: a safe shape (`.shape`) protects every sink; the absence of a
/// parent-folder step (`.parentSegments`: `if ".." in name: abort(400)`, and every shape check)
/// protects only a path that has a fixed part before the name, which the path rule decides.
enum GuardedNames {
    /// Statement → the names guarded there (only statements where some name is).
    static func collect(_ model: SemanticModel, unreachable: Set<StmtID>, family: GuardFamily = .shape) -> [StmtID: Set<String>] {
        var out: [StmtID: Set<String>] = [:]
        let tree = model.tree
        var stack: [([StmtID], Set<String>)] = [(tree.body, [])]
        var steps = 0
        while let (block, inherited) = stack.popLast() {
            var guarded = inherited
            for stmt in block {
                steps += 1
                if steps > 2_000_000 { return out }
                if !guarded.isEmpty { out[stmt] = guarded }
                switch tree[stmt].kind {
                case .if(let test, let body, let orelse):
                    let (whenTrue, whenFalse) = checked(test, model, family: family)
                    stack.append((body, guarded.union(whenTrue)))
                    stack.append((orelse, guarded.union(whenFalse)))
                    // `if not valid(x): return` : what follows runs only when the check held.
                    if exits(body, model, unreachable) && !exits(orelse, model, unreachable) { guarded.formUnion(whenFalse) }
                    // `if order not in ("asc", "desc"): order = "asc"`: afterwards the value passed
                    // the check or is the constant put in its place.
                    else if orelse.isEmpty {
                        let reset = constantsAssigned(by: body, model)
                        guarded.formUnion(whenFalse.filter { reset.contains($0) })
                    }
                    if exits(orelse, model, unreachable) && !orelse.isEmpty && !exits(body, model, unreachable) {
                        guarded.formUnion(whenTrue)
                        // `if "." in name: ext = ...; if ext not in ALLOWED: continue` / `else: continue`:
                        // only the body falls through, so what it checked holds after the `if`.
                        guarded.formUnion(guardsAtEnd(of: body, model, unreachable, family: family))
                    }
                    // Both branches fall through: what each leaves restricted at its end holds after
                    // (`if sort == "state": ... else: if sort not in COLUMNS: sort = "id"`).
                    if !orelse.isEmpty && !exits(body, model, unreachable) && !exits(orelse, model, unreachable) {
                        guarded.formUnion(joined(test, body, orelse, model, unreachable, family: family))
                    }
                case .assert(let test, _):
                    guarded.formUnion(checked(test, model, family: family).whenTrue)
                case .expr(let value):
                    guarded.formUnion(checkedByRaisingCall(value, tree))
                case .try(let body, let handlers, let orelse, let finalbody), .tryStar(let body, let handlers, let orelse, let finalbody):
                    for child in [body, orelse, finalbody] + handlers.map(\.body) { stack.append((child, guarded)) }
                    // `try: check_access(base, path) except Error: return error(...)`: when
                    // every handler leaves, the code after the `try` runs only if the checks held.
                    if !handlers.isEmpty, handlers.allSatisfy({ exits($0.body, model, unreachable) }) {
                        guarded.formUnion(checkedBy(body, model, family: family))
                    }
                case .functionDef(let def), .asyncFunctionDef(let def):
                    // A nested function starts with nothing checked.
                    stack.append((def.body, []))
                case .classDef(let def):
                    stack.append((def.body, []))
                default:
                    for child in tree.childBodies(of: stmt) { stack.append((child, guarded)) }
                }
                // A name assigned again is no longer the checked value.
                for name in assigned(by: stmt, tree) { guarded.remove(name) }
            }
        }
        return out
    }

    /// The names a block's own checks leave restricted at its end, when it falls through: early
    /// exits on failed checks, asserts and raising checks, at its top level (depth-limited).
    static func guardsAtEnd(of block: [StmtID], _ model: SemanticModel, _ unreachable: Set<StmtID>, depth: Int = 0, family: GuardFamily = .shape) -> Set<String> {
        guard depth < 4 else { return [] }
        var guarded: Set<String> = []
        for stmt in block {
            switch model.tree[stmt].kind {
            case .if(let test, let body, let orelse):
                let (whenTrue, whenFalse) = checked(test, model, family: family)
                if exits(body, model, unreachable) && !exits(orelse, model, unreachable) {
                    guarded.formUnion(whenFalse)
                } else if exits(orelse, model, unreachable) && !orelse.isEmpty && !exits(body, model, unreachable) {
                    guarded.formUnion(whenTrue)
                    guarded.formUnion(guardsAtEnd(of: body, model, unreachable, depth: depth + 1, family: family))
                } else if orelse.isEmpty {
                    guarded.formUnion(whenFalse.filter { constantsAssigned(by: body, model).contains($0) })
                } else if !exits(body, model, unreachable) && !exits(orelse, model, unreachable) {
                    guarded.formUnion(joined(test, body, orelse, model, unreachable, depth: depth + 1, family: family))
                }
            case .assert(let test, _):
                guarded.formUnion(checked(test, model, family: family).whenTrue)
            case .expr(let value):
                guarded.formUnion(checkedByRaisingCall(value, model.tree))
            default:
                break
            }
            for name in assigned(by: stmt, model.tree) { guarded.remove(name) }
        }
        return guarded
    }

    /// The names restricted at the end of both branches of an `if` that both fall through: in
    /// each, what the test established for it (unless the branch binds the name again) and what
    /// the branch's own checks leave.
    static func joined(_ test: ExprID, _ body: [StmtID], _ orelse: [StmtID], _ model: SemanticModel, _ unreachable: Set<StmtID>,
                       depth: Int = 0, family: GuardFamily) -> Set<String> {
        guard depth < 4 else { return [] }
        let (whenTrue, whenFalse) = checked(test, model, family: family)
        let endBody = whenTrue.subtracting(boundAnywhere(body, model.tree)).union(guardsAtEnd(of: body, model, unreachable, depth: depth + 1, family: family))
        let endElse = whenFalse.subtracting(boundAnywhere(orelse, model.tree)).union(guardsAtEnd(of: orelse, model, unreachable, depth: depth + 1, family: family))
        return endBody.intersection(endElse)
    }

    /// Every name a block binds, in nested blocks too (not in nested functions or classes).
    static func boundAnywhere(_ block: [StmtID], _ tree: SyntaxTree) -> Set<String> {
        var out: Set<String> = []
        var stack = block
        var steps = 0
        while let stmt = stack.popLast(), steps < 4_096 {
            steps += 1
            out.formUnion(assigned(by: stmt, tree))
            switch tree[stmt].kind {
            case .functionDef, .asyncFunctionDef, .classDef: continue
            default: for child in tree.childBodies(of: stmt) { stack.append(contentsOf: child) }
            }
        }
        return out
    }

    /// The names still restricted at the end of a block by its own statements' checks
    /// (assertions and checks called for their exception), for a `try` whose handlers all leave.
    static func checkedBy(_ block: [StmtID], _ model: SemanticModel, family: GuardFamily = .shape) -> Set<String> {
        var out: Set<String> = []
        for stmt in block {
            switch model.tree[stmt].kind {
            case .expr(let value): out.formUnion(checkedByRaisingCall(value, model.tree))
            case .assert(let test, _): out.formUnion(checked(test, model, family: family).whenTrue)
            default: break
            }
            for name in assigned(by: stmt, model.tree) { out.remove(name) }
        }
        return out
    }

    /// The names a test restricts when it is true, and when it is false.
    static func checked(_ test: ExprID, _ model: SemanticModel, family: GuardFamily = .shape) -> (whenTrue: Set<String>, whenFalse: Set<String>) {
        let tree = model.tree
        switch tree[test].kind {
        case .unaryOp(.not, let operand):
            let inner = checked(operand, model, family: family)
            return (inner.whenFalse, inner.whenTrue)
        case .boolOp(.and, let values):
            // All hold when the whole is true; when it is false, one failed: only a name every
            // part restricts is restricted then. (A part that is constantly true, such as
            // `"" not in ALLOWED`, decides nothing and is left out.)
            let decisive = values.filter { model.constantValue(of: $0)?.isTruthy != true && !isAllowAllSentinel($0, model) }
            guard !decisive.isEmpty else { return ([], []) }
            let parts = decisive.map { checked($0, model, family: family) }
            return (parts.reduce(into: Set<String>()) { $0.formUnion($1.whenTrue) }, common(parts.map(\.whenFalse)))
        case .boolOp(.or, let values):
            // None holds when the whole is false: `if not a.isdigit() or not b.isdigit(): abort()`;
            // when it is true, one did: `if t == "/home" or t == "/help":` restricts `t`.
            let parts = values.map { checked($0, model, family: family) }
            return (common(parts.map(\.whenTrue)), parts.reduce(into: Set<String>()) { $0.formUnion($1.whenFalse) })
        case .name(let id, _):
            // `if api_url and not valid(api_url): abort()`: where `api_url` is false it is empty
            // (None, "", 0): nothing to inject. A local holding a check's result (`ok = valid(x)`,
            // `ok, why = check(x)`) restricts what the check was given.
            var whenTrue: Set<String> = []
            for binding in model.reachingBindings(of: test) {
                guard let stmt = model[binding].statement, case .assign(_, let value, _) = tree[stmt].kind else { whenTrue = []; break }
                let restricted = checked(value, model).whenTrue
                guard !restricted.isEmpty else { whenTrue = []; break }
                whenTrue.formUnion(restricted)
            }
            return (whenTrue, [id])
        case .compare(let left, let ops, let comparators) where ops.count == 1 && family == .parentSegments
                && (ops[0] == .in || ops[0] == .notIn) && model.constantString(of: left).map(Guards.namesParentFolder) == true:
            // `if "../" in name: return`: past it, the name holds no parent-folder step.
            guard let id = rootName(comparators[0], tree) else { return ([], []) }
            return ops[0] == .in ? ([], [id]) : ([id], [])
        case .compare(let left, let ops, let comparators) where ops.count == 1 && family == .equality && (ops[0] == .eq || ops[0] == .notEq)
                && model.constantValue(of: left) == nil && model.constantValue(of: comparators[0]) == nil:
            // `a.upper() == b.upper()`: each side equals the other, which the dataflow engine
            // checks is not the client's (`Taint.equalsTrustedValue`).
            let ids = Set([rootName(left, tree), rootName(comparators[0], tree)].compactMap { $0 })
            return ops[0] == .eq ? (ids, []) : ([], ids)
        case .compare(let left, let ops, let comparators) where ops.count == 1:
            // `x`, or `x.lower()`/`x.upper()`/`x.strip()`: what is compared is the value's own text.
            guard let id = rootName(left, tree) else { return ([], []) }
            switch ops[0] {
            // `x == "/home"`: the value is that constant.
            case .eq where model.constantValue(of: comparators[0]) != nil: return ([id], [])
            case .notEq where model.constantValue(of: comparators[0]) != nil: return ([], [id])
            // `x is None`: nothing to inject where it holds.
            case .is where model.constantValue(of: comparators[0]) != nil: return ([id], [])
            case .isNot where model.constantValue(of: comparators[0]) != nil: return ([], [id])
            // `x in ALLOWED`, or in a list the program or its configuration holds
            // (`allowed = config.upload_formats.split(",")`).
            case .in where isConstantCollection(comparators[0], model) || isTrustedCollection(comparators[0], model): return ([id], [])
            case .notIn where isConstantCollection(comparators[0], model) || isTrustedCollection(comparators[0], model): return ([], [id])
            default: return ([], [])
            }
        case .call(let function, let args, _):
            if case .attribute(let receiver, let method, _) = tree[function].kind {
                // `x.isdigit()`, `x.replace(".", "").isalnum()`
                if Guards.shapeMethods.contains(method), let id = rootName(receiver, tree) { return ([id], []) }
                // `PATTERN.fullmatch(x)`
                if Guards.patternMethods.contains(method), let first = args.first, case .name(let id, _) = tree[first].kind { return ([id], []) }
            }
            let name = model.qualifiedName(of: function)
            if let name, Guards.patternFunctions.contains(name), args.count >= 2, case .name(let id, _) = tree[args[1]].kind { return ([id], []) }
            // `re.match(r"^[a-z0-9]+$", x)`: anchored at both ends, a whole-value match.
            if let name, let anchoredStart = Guards.prefixMatchFunctions[name], args.count >= 2, case .name(let id, _) = tree[args[1]].kind,
               let pattern = model.constantString(of: args[0]), Guards.matchesWholeValue(pattern, anchoredStart: anchoredStart) {
                return ([id], [])
            }
            // `PATTERN.match(x)` with `PATTERN = re.compile(r"^...$")`.
            if case .attribute(let receiver, let method, _) = tree[function].kind, let anchoredStart = Guards.prefixMatchMethods[method],
               let first = args.first, case .name(let id, _) = tree[first].kind, let pattern = compiledPattern(receiver, model),
               Guards.matchesWholeValue(pattern, anchoredStart: anchoredStart) {
                return ([id], [])
            }
            if name == "builtins.isinstance", args.count == 2, case .name(let id, _) = tree[args[0]].kind, isSafeType(args[1], model) {
                return ([id], [])
            }
            // `any(x == option for option in ALLOWED)`, `any(opt == fmt.lower() for opt in allowed)`:
            // membership spelt as a search, true when `x` is one of the collection's items.
            if name == "builtins.any", args.count == 1, let id = comparedWithEveryItem(args[0], model) { return ([id], []) }
            // A function whose name says it validates (`is_valid_url(x)`, `allowed_file(name)`,
            // `validate_api_url(u)`), asked about names: true means they passed.
            let callee: String
            switch tree[function].kind {
            case .name(let id, _): callee = id
            case .attribute(_, let attr, _): callee = attr
            default: callee = ""
            }
            let lower = callee.lowercased()
            if Guards.booleanCheckWords.contains(where: { lower.contains($0) }), !lower.contains("unsafe"), !lower.hasPrefix("mark_safe"),
               !Guards.notChecks.contains(lower) {
                let names = args.compactMap { arg -> String? in
                    if case .name(let id, _) = tree[arg].kind { return id }
                    return nil
                }
                return (Set(names), [])
            }
            return ([], [])
        default:
            return ([], [])
        }
    }

    /// Names a block sets to a constant at its top level (`order = "asc"`).
    /// The name a generator compares, for equality, with each item of a constant or trusted
    /// collection (`x == o for o in ALLOWED`, either side, `x` possibly lower-cased).
    static func comparedWithEveryItem(_ generator: ExprID, _ model: SemanticModel) -> String? {
        let tree = model.tree
        guard case .generatorExp(let element, let generators) = tree[generator].kind, generators.count == 1,
              generators[0].ifs.isEmpty, case .name(let item, _) = tree[generators[0].target].kind,
              isConstantCollection(generators[0].iter, model) || isTrustedCollection(generators[0].iter, model),
              case .compare(let left, let ops, let comparators) = tree[element].kind, ops == [.eq], comparators.count == 1 else { return nil }
        let sides = [left, comparators[0]]
        guard let itemSide = sides.firstIndex(where: { rootName($0, tree) == item }),
              let id = rootName(sides[1 - itemSide], tree), id != item else { return nil }
        return id
    }

    static func constantsAssigned(by block: [StmtID], _ model: SemanticModel) -> Set<String> {
        var out: Set<String> = []
        for stmt in block {
            guard case .assign(let targets, let value, _) = model.tree[stmt].kind, model.constantValue(of: value) != nil else { continue }
            for target in targets { if case .name(let id, _) = model.tree[target].kind { out.insert(id) } }
        }
        return out
    }

    /// The names in every one of the sets.
    static func common(_ sets: [Set<String>]) -> Set<String> {
        guard var out = sets.first else { return [] }
        for set in sets.dropFirst() { out.formIntersection(set) }
        return out
    }

    /// The pattern text a compiled pattern was made from (`re.compile("...")`, here or in the
    /// name it was assigned to).
    static func compiledPattern(_ expr: ExprID, _ model: SemanticModel) -> String? {
        var value = expr
        if case .name = model.tree[expr].kind {
            let defs = model.reachingBindings(of: expr)
            guard defs.count == 1, case .assignment(let bound?) = model[defs[0]].kind else { return nil }
            value = bound
        }
        guard case .call(let function, let args, _) = model.tree[value].kind, model.qualifiedName(of: function) == "re.compile",
              let first = args.first else { return nil }
        return model.constantString(of: first)
    }

    /// The names passed to a check called for its exception alone (`validate_path(base, path)`
    /// as a statement): a function whose name says it checks, whose result is not used.
    static func checkedByRaisingCall(_ value: ExprID, _ tree: SyntaxTree) -> Set<String> {
        var call = value
        if case .await(let inner) = tree[value].kind { call = inner }
        guard case .call(let function, let args, let keywords) = tree[call].kind else { return [] }
        let name: String
        switch tree[function].kind {
        case .name(let id, _): name = id
        case .attribute(_, let attr, _): name = attr
        default: return []
        }
        let lower = name.lowercased()
        guard Guards.checkingWords.contains(where: { lower.contains($0) }), !Guards.notChecks.contains(lower) else { return [] }
        var out: Set<String> = []
        for arg in args + keywords.map(\.value) {
            if case .name(let id, _) = tree[arg].kind { out.insert(id) }
        }
        return out
    }

    /// `x` in `x`, `x.replace(".", "")`, `x.strip()`: the value a shape method is asked about.
    static func rootName(_ expr: ExprID, _ tree: SyntaxTree) -> String? {
        var current = expr
        for _ in 0..<8 {
            switch tree[current].kind {
            case .name(let id, _): return id
            case .call(let function, _, _):
                guard case .attribute(let base, let method, _) = tree[function].kind, ["replace", "strip", "lstrip", "rstrip", "lower", "upper"].contains(method) else { return nil }
                current = base
            default: return nil
            }
        }
        return nil
    }

    /// A literal tuple/list/set of constants, or a name bound to one (`ALLOWED = {"a", "b"}`).
    /// A collection the program or its configuration holds: every name it reads is a module
    /// global, an import or a class (or a local bound once to such an expression), and none is a
    /// framework's request object. (`ub.User.__table__.columns.keys()`, `config.formats.split(",")`.)
    static func isTrustedCollection(_ expr: ExprID, _ model: SemanticModel, depth: Int = 0) -> Bool {
        guard depth < 4 else { return false }
        let tree = model.tree
        if case .name = tree[expr].kind {
            let defs = model.reachingBindings(of: expr)
            guard defs.count == 1 else { return false }
            switch model[defs[0]].kind {
            case .assignment(let value?) where model[model[defs[0]].scope].kind != .module: return isTrustedCollection(value, model, depth: depth + 1)
            case .assignment, .imported, .class: break
            default: return false
            }
        }
        var stack = [expr]
        var names = 0
        while let next = stack.popLast(), names < 64 {
            stack.append(contentsOf: tree.childExprs(of: next))
            guard case .name = tree[next].kind else { continue }
            names += 1
            if let qualified = model.qualifiedName(of: next), FrameworkCatalog.requestGlobals[qualified] != nil { return false }
            let defs = model.reachingBindings(of: next)
            guard !defs.isEmpty, defs.allSatisfy({ def in
                switch model[def].kind {
                case .imported, .class, .function: return true
                case .assignment: return model[model[def].scope].kind == .module
                default: return false
                }
            }) else { return false }
        }
        // (A bare module-level name is the local case above; a call or attribute of globals is here.)
        return names > 0
    }

    /// `'' in allowed` / `'' not in allowed`: the "everything is allowed" setting of a trusted
    /// list, a switch of the configuration rather than a check of the value.
    static func isAllowAllSentinel(_ expr: ExprID, _ model: SemanticModel) -> Bool {
        guard case .compare(let left, let ops, let comparators) = model.tree[expr].kind, ops.count == 1, ops[0] == .in || ops[0] == .notIn,
              model.constantValue(of: left) != nil else { return false }
        return isConstantCollection(comparators[0], model) || isTrustedCollection(comparators[0], model)
    }

    static func isConstantCollection(_ expr: ExprID, _ model: SemanticModel) -> Bool {
        var value = expr
        if case .name = model.tree[expr].kind {
            let defs = model.reachingBindings(of: expr)
            guard defs.count == 1, case .assignment(let bound?) = model[defs[0]].kind else { return false }
            value = bound
        }
        switch model.tree[value].kind {
        case .tuple(let elts, _), .list(let elts, _), .set(let elts):
            return !elts.isEmpty && elts.allSatisfy { model.constantValue(of: $0) != nil }
        case .dict(let keys, _):
            return !keys.isEmpty && keys.allSatisfy { $0.map { model.constantValue(of: $0) != nil } ?? false }
        case .call(let function, let args, _):
            // `frozenset({...})`, `set([...])`
            guard let name = model.qualifiedName(of: function), ["builtins.frozenset", "builtins.set", "builtins.tuple"].contains(name),
                  args.count == 1 else { return false }
            return isConstantCollection(args[0], model)
        default:
            return false
        }
    }

    static func isSafeType(_ expr: ExprID, _ model: SemanticModel) -> Bool {
        switch model.tree[expr].kind {
        case .tuple(let elts, _): return !elts.isEmpty && elts.allSatisfy { isSafeType($0, model) }
        default: return model.qualifiedName(of: expr).map { Guards.safeTypes.contains($0) } ?? false
        }
    }

    /// Does every path through the block leave it (`return`, `raise`, `continue`, `break`, an
    /// exit call such as `abort(400)`)?
    static func exits(_ block: [StmtID], _ model: SemanticModel, _ unreachable: Set<StmtID>) -> Bool {
        guard let last = block.last(where: { !unreachable.contains($0) }) else { return false }
        switch model.tree[last].kind {
        case .return, .raise, .continue, .break: return true
        case .expr(let value):
            guard case .call(let function, _, _) = model.tree[value].kind, let name = model.qualifiedName(of: function) else { return false }
            return Guards.exits.contains(name)
        case .if(_, let body, let orelse):
            return exits(body, model, unreachable) && exits(orelse, model, unreachable)
        default:
            return false
        }
    }

    /// Names a statement binds itself (assignment targets, loop targets, `with ... as`).
    static func assigned(by stmt: StmtID, _ tree: SyntaxTree) -> [String] {
        var targets: [ExprID] = []
        switch tree[stmt].kind {
        case .assign(let t, _, _): targets = t
        case .annAssign(let t, _, _, _), .augAssign(let t, _, _): targets = [t]
        case .for(let t, _, _, _, _), .asyncFor(let t, _, _, _, _): targets = [t]
        case .with(let items, _, _), .asyncWith(let items, _, _): targets = items.compactMap(\.optionalVars)
        default: return []
        }
        var out: [String] = []
        while let next = targets.popLast() {
            switch tree[next].kind {
            case .name(let id, _): out.append(id)
            case .tuple(let elts, _), .list(let elts, _): targets.append(contentsOf: elts)
            case .starred(let value, _): targets.append(value)
            default: break
            }
        }
        return out
    }
}

extension SyntaxTree {
    /// The expressions a statement evaluates itself (not those of the blocks inside it).
    func ownExpressions(of stmt: StmtID) -> [ExprID] {
        switch self[stmt].kind {
        case .expr(let value): return [value]
        case .assign(let targets, let value, _): return targets + [value]
        case .annAssign(let target, _, let value, _): return [target] + (value.map { [$0] } ?? [])
        case .augAssign(let target, _, let value): return [target, value]
        case .delete(let targets): return targets
        case .if(let test, _, _), .while(let test, _, _): return [test]
        case .for(let target, let iter, _, _, _), .asyncFor(let target, let iter, _, _, _): return [target, iter]
        case .with(let items, _, _), .asyncWith(let items, _, _): return items.flatMap { [$0.contextExpr] + ($0.optionalVars.map { [$0] } ?? []) }
        case .match(let subject, let cases): return [subject] + cases.compactMap(\.guardExpr)
        case .return(let value): return value.map { [$0] } ?? []
        case .raise(let exc, let cause): return [exc, cause].compactMap { $0 }
        case .assert(let test, let msg): return [test] + (msg.map { [$0] } ?? [])
        case .functionDef(let def), .asyncFunctionDef(let def): return def.decoratorList + defaults(of: def.args)
        case .classDef(let def): return def.decoratorList + def.bases + def.keywords.map(\.value)
        default: return []
        }
    }
}

/// What a family of checks establishes about a name (see `GuardedNames`).
public enum GuardFamily: Sendable, Hashable {
    /// A safe shape or a constant value: safe for every sink.
    case shape
    /// No parent-folder step (`..`) in the text, or a safe shape.
    case parentSegments
    /// Equal to another value (`if a == b:`), which the engine must find is not the client's.
    case equality
}
